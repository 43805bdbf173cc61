// Documents in an S3-compatible bucket (AWS S3, R2, MinIO…), through the AWS SDK: what several app
// servers share (README, "Deploying"). An S3 PUT is atomic, so a reader never sees half a PDF, and a
// retried put of the same key simply writes the same bytes again.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { checkStorageKey, type DocumentStorage } from "./storage-port";

export type S3StoreSettings = {
  bucket: string;
  /** Prepended to every key, so one bucket can hold several deployments' documents. */
  prefix?: string;
  region?: string;
  /** An S3-compatible service's URL (unset: AWS S3 itself). */
  endpoint?: string;
  /** Bucket in the path rather than the host name: what most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Unset: the SDK's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance or task role…). */
  credentials?: S3ClientConfig["credentials"];
};

export function s3Client(s: S3StoreSettings): S3Client {
  return new S3Client({
    region: s.region ?? process.env.AWS_REGION ?? "us-east-1",
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials: s.credentials,
    // The SDK's default CRC checksums are an AWS extension that not every S3-compatible server knows:
    // send and check them only where the operation requires them when the bucket is not AWS's own.
    ...(s.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  });
}

const isMissing = (e: unknown) =>
  e instanceof S3ServiceException && (e.name === "NoSuchKey" || e.$metadata.httpStatusCode === 404);

export function s3DocumentStorage(s: S3StoreSettings, client: S3Client = s3Client(s)): DocumentStorage {
  const Bucket = s.bucket;
  const objectKey = (key: string) => `${s.prefix ?? ""}${checkStorageKey(key)}`;
  const fetchObject = async (key: string) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  };
  return {
    async put(key, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: key.endsWith(".pdf") ? "application/pdf" : "application/octet-stream",
        }),
      );
    },
    async get(key) {
      const o = await fetchObject(key);
      return o?.Body ? o.Body.transformToByteArray() : null;
    },
    async open(key) {
      const o = await fetchObject(key);
      if (!o?.Body) return null;
      return { stream: o.Body.transformToWebStream(), size: o.ContentLength ?? 0 };
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
  };
}
