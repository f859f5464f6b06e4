// Imported first by timing tests: the suite's bcrypt cost (4, for speed) makes a comparison so cheap
// that skipping it would hide in the noise. Cost 10 makes it the bulk of a sign-in, as in production.
process.env.CRM_SYNC_BCRYPT_COST = '10';
