// The page Untick opens once, when it is first installed: what it does, how to keep its
// button in sight, and where the details and letters are.
import { localize, t } from "../shared/i18n.js";

localize();
document.title = t("welcomeTitle");
