/** The version of @hostkit/core, sent in the User-Agent; a test keeps it equal to package.json. */
export const HOSTKIT_VERSION = '0.1.0';
