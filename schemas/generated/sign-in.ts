/* Generated from schemas/engine/sign-in.schema.json by schemas/generate-types.ts. Do not edit. */

export type Username = string;
export type Password = string;

export interface SignIn {
  username: Username;
  password: Password;
}
