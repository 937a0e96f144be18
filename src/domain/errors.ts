// Typed errors with stable codes; http/ maps them to `{ error: { code, message, details? } }` in one place.

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown, code = 'validation_failed') {
    super(400, code, message, details);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required', code = 'unauthenticated', details?: unknown) {
    super(401, code, message, details);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: string, code = 'forbidden', details?: unknown) {
    super(403, code, message, details);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}
export class GoneError extends DomainError {
  constructor(message: string, code = 'gone', details?: unknown) {
    super(410, code, message, details);
  }
}
export class PreconditionRequiredError extends DomainError {
  constructor(message: string) {
    super(428, 'precondition_required', message);
  }
}
export class TooManyRequestsError extends DomainError {
  constructor(message: string, code = 'too_many_requests', details?: unknown) {
    super(429, code, message, details);
  }
}
