// The storage port for generated documents: four calls on opaque keys made by the documents service.
// Implementations: a local folder (one machine) and an S3-compatible bucket (several app servers).

export interface DocumentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** A stream of the stored bytes and their size, for serving without loading the file whole. */
  open(key: string): Promise<{ stream: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
}

/** Keys come from the service, but one that could climb out of its folder or prefix is refused all the same. */
export function checkStorageKey(key: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) || key.includes("..")) throw new RangeError(`Bad storage key ${key}`);
  return key;
}
