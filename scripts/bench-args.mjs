// The benchmarks' command line: `--name=value` options, and the browsers named (both when
// none is).
export function benchArgs(argv = process.argv.slice(2)) {
  const options = Object.fromEntries(argv.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2).split('=')));
  const named = argv.filter((arg) => !arg.startsWith('--'));
  return { options, browsers: named.length > 0 ? named : ['chrome', 'firefox'] };
}
