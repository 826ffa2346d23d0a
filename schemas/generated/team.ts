/* Generated from schemas/engine/team.schema.json by schemas/generate-types.ts. Do not edit. */

/**
 * As accounts and forms hold it: letters, digits, dots, underscores and hyphens (children-in-need-north).
 */
export type TeamId = string;
export type Name = string;
/**
 * The service the team belongs to (Children in need, Children looked after, Quality assurance).
 */
export type ServiceArea = string;

/**
 * A team as the ICS extracts it: one row of a teams file or one line of PUT /api/directory/teams.
 */
export interface DirectoryTeam {
  id: TeamId;
  name: Name;
  serviceArea?: ServiceArea;
}
