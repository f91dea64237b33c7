/**
 * Workspaces (the unit of tenancy: every resource belongs to exactly one), their plan tier, and
 * the users who own them. Passwords are kept as PBKDF2 hashes for the dashboard login.
 */
package ink.octopost.workspaces;
