import { MetadataDocumentError, type MetadataDocumentErrorCode } from './index.js';

/** The code of the `MetadataDocumentError` `promise` rejects with, `undefined` if it resolves. */
export async function codeOf(
  promise: Promise<unknown>,
): Promise<MetadataDocumentErrorCode | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (MetadataDocumentError.isInstance(error)) return error.code;
    throw error;
  }
}
