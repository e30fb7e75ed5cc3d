// Prints an invite code after creating the admin and an organisation in the
// given data directory (used by playwright.config.js's webServer command).
const { setupAccounts } = require("./helpers");
process.stdout.write(setupAccounts(process.argv[2]) + "\n");
