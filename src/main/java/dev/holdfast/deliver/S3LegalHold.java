package dev.holdfast.deliver;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;

/**
 * Makes sure a delivered object carries the Object Lock legal hold when {@code holdfast.s3.legal-hold=ON}, and
 * reads it back. The PUT already asks for it (see {@link S3UploadInterceptor}); setting it again afterwards also
 * covers an object delivered before a crash and stores that ignore the PUT header (S3Mock does).
 */
public final class S3LegalHold {

    private final S3DestinationReader reader;
    private final boolean on;

    public S3LegalHold(S3DestinationReader reader, boolean on) {
        this.reader = reader;
        this.on = on;
    }

    /** Puts the legal hold on the key's object and confirms S3 reports it ON; does nothing when the setting is OFF. */
    public void apply(String key) {
        if (!on) {
            return;
        }
        String objectKey = reader.objectKey(key);
        S3Client s3 = reader.client();
        ObjectLockLegalHoldStatus status;
        try {
            s3.putObjectLegalHold(b -> b.bucket(reader.bucket()).key(objectKey)
                    .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
            status = s3.getObjectLegalHold(b -> b.bucket(reader.bucket()).key(objectKey)).legalHold().status();
        } catch (SdkException e) {
            throw new DeliveryNotConfirmedException("cannot put the legal hold on " + reader.describe() + "/" + key
                    + " (holdfast.s3.legal-hold=ON needs a bucket created with Object Lock and the permissions"
                    + " s3:PutObjectLegalHold and s3:GetObjectLegalHold): " + e.getMessage());
        }
        if (status != ObjectLockLegalHoldStatus.ON) {
            throw new DeliveryNotConfirmedException(reader.describe() + "/" + key + " reports legal hold " + status
                    + " after it was set ON");
        }
    }
}
