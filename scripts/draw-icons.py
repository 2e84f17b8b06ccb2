# Draws Untick's icons: a white checkbox with its tick struck out, on a warm brown tile.
import math, struct, zlib, sys

def png(path, size, pixels):
    raw = b"".join(b"\x00" + bytes(pixels[y*size*4:(y+1)*size*4]) for y in range(size))
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def rrect(px, py, cx, cy, hw, hh, r):
    qx, qy = abs(px-cx)-hw+r, abs(py-cy)-hh+r
    return math.hypot(max(qx,0), max(qy,0)) + min(max(qx,qy),0) - r

def seg(px, py, ax, ay, bx, by):
    dx, dy = bx-ax, by-ay
    t = max(0, min(1, ((px-ax)*dx + (py-ay)*dy) / (dx*dx+dy*dy)))
    return math.hypot(px-ax-t*dx, py-ay-t*dy)

TILE = (124, 45, 18)   # #7c2d12
WHITE = (255, 255, 255)
AMBER = (253, 186, 116)  # #fdba74

def shade(x, y):
    # coordinates in 0..1
    if rrect(x, y, .5, .5, .5, .5, .2) > 0:
        return None
    col = TILE
    box = rrect(x, y, .5, .5, .3, .3, .07)
    if abs(box) < .055:
        col = WHITE
    tick = min(seg(x, y, .33, .52, .45, .64), seg(x, y, .45, .64, .68, .38))
    if tick < .055:
        col = AMBER
    strike = seg(x, y, .22, .22, .78, .78)
    if strike < .05:
        col = WHITE
    return col

def render(size, ss=6):
    out = []
    for y in range(size):
        for x in range(size):
            acc = [0, 0, 0]; a = 0
            for sy in range(ss):
                for sx in range(ss):
                    c = shade((x + (sx+.5)/ss)/size, (y + (sy+.5)/ss)/size)
                    if c:
                        a += 1
                        for i in range(3): acc[i] += c[i]
            if a:
                out += [round(acc[0]/a), round(acc[1]/a), round(acc[2]/a), round(255*a/(ss*ss))]
            else:
                out += [0, 0, 0, 0]
    return out

for size in (16, 32, 48, 128):
    png(f"{sys.argv[1]}/untick-{size}.png", size, render(size))
