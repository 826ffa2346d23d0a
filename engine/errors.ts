/**
 * Domain errors. Each maps to one RFC 9457 problem type; the HTTP adapter turns them into
 * problem+json. Messages are written for the analyst or social worker who will read them.
 */
export interface FieldError {
  /** JSON Pointer (RFC 6901) to the offending place: into the data, or into a definition. */
  pointer: string;
  message: string;
}

export type ProblemType =
  | 'not-found'
  | 'conflict'
  | 'stale-revision'
  | 'invalid-state'
  | 'idempotency-key-reused'
  | 'validation-failed'
  | 'definition-rejected'
  | 'invalid-request'
  | 'forbidden'
  | 'precondition-required'
  | 'mapping-rejected'
  | 'draft-deleted'
  | FileProblemType;

/** Refusals of an uploaded file or a download (engine/files). */
export type FileProblemType = 'file-too-large' | 'file-type-not-allowed' | 'file-empty' | 'file-too-many' | 'file-not-scanned' | 'file-infected';

export class DomainError extends Error {
  constructor(
    readonly type: ProblemType,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** A uniqueness rule would be broken (the id or key is taken). */
export class ConflictError extends DomainError {
  constructor(message: string, type: 'conflict' | 'idempotency-key-reused' = 'conflict') {
    super(type, message);
  }
}

/** Optimistic concurrency: the caller's revision is not the current one. */
export class StaleRevisionError extends DomainError {
  constructor(
    message: string,
    readonly currentRevision?: number,
  ) {
    super('stale-revision', message);
  }
}

/** The operation is not allowed in the record's current state (e.g. editing a published version). */
export class InvalidStateError extends DomainError {
  constructor(message: string) {
    super('invalid-state', message);
  }
}

/** Submitted data does not satisfy the form. */
export class ValidationFailedError extends DomainError {
  constructor(message: string, errors: FieldError[]) {
    super('validation-failed', message, errors);
  }
}

/** A form definition falls outside the definition policy. */
export class DefinitionRejectedError extends DomainError {
  constructor(message: string, errors: FieldError[]) {
    super('definition-rejected', message, errors);
  }
}

/** The request itself is malformed (wrong shape, bad id, bad parameter). */
export class InvalidRequestError extends DomainError {
  constructor(message: string, errors: FieldError[] = []) {
    super('invalid-request', message, errors);
  }
}

/** The caller may not see or change this record. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** A change to something that exists needs the caller's revision (If-Match), and none was given. */
export class PreconditionRequiredError extends DomainError {
  constructor(message: string) {
    super('precondition-required', message);
  }
}

/**
 * A create repeated with the Idempotency-Key of a draft its author has since deleted: the draft
 * is not made again (and the deleted one is never shown), so the retry is told it is gone.
 */
export class DraftDeletedError extends DomainError {
  constructor(message: string) {
    super('draft-deleted', message);
  }
}

/** An ICS mapping does not fit the form version(s) it would apply to. */
export class MappingRejectedError extends DomainError {
  constructor(message: string, errors: FieldError[]) {
    super('mapping-rejected', message, errors);
  }
}

/** An upload refused (too large, a type the question does not allow, empty) or a download not possible yet or ever; `errors` points at the question. */
export class FileRefusedError extends DomainError {
  constructor(type: FileProblemType, message: string, errors: FieldError[] = []) {
    super(type, message, errors);
  }
}
