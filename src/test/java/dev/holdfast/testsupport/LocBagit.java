package dev.holdfast.testsupport;

import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import java.nio.file.Path;

/** The Library of Congress BagIt library (gov.loc:bagit), which shares no code with ours, judging a bag folder. */
public final class LocBagit {

    private LocBagit() {
    }

    /** Throws what the library finds wrong; returns the bag when it is valid and its Payload-Oxum holds. */
    public static Bag validate(Path bagDir) throws Exception {
        Bag bag = new BagReader().read(bagDir);
        try (gov.loc.repository.bagit.verify.BagVerifier verifier = new gov.loc.repository.bagit.verify.BagVerifier()) {
            if (!gov.loc.repository.bagit.verify.BagVerifier.canQuickVerify(bag)) {
                throw new AssertionError("no Payload-Oxum the library can read");
            }
            gov.loc.repository.bagit.verify.BagVerifier.quicklyVerify(bag);
            verifier.isValid(bag, false);
        }
        return bag;
    }
}
