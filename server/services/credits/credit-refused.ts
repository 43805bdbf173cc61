// A refused credit operation, naming the field to fix; the HTTP answer and the intake map it.
export class CreditRefused extends Error {
  constructor(
    public readonly status: 404 | 409 | 422,
    public readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CreditRefused";
  }
}
