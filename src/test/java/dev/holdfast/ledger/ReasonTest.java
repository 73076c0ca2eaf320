package dev.holdfast.ledger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reasons built from parts keep the spelling existing ledgers and reconciliations have (DESIGN.md section 8). */
class ReasonTest {

    @Test
    void reasonsBuiltFromPartsKeepTheirContractSpelling() {
        assertEquals("excluded:holdfast-deliver", Reason.excluded("holdfast-deliver"));
        assertEquals("genesys-404", Reason.genesys("404"));
        assertEquals("error-IllegalStateException", Reason.error(new IllegalStateException("x")));
        assertEquals("restoring", Reason.fileState("RESTORING"));
        assertEquals("error:FAILED_TRANSCODE", Reason.gone("ERROR", "FAILED_TRANSCODE"));
        assertEquals("deleted", Reason.gone("DELETED", null));
    }
}
