package dev.holdfast.custody;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The facts {@code bag-info.txt} states about one run's bag (Payload-Oxum comes from the payload itself).
 *
 * @param baggingDate        the UTC date the bag was made
 * @param runId              the run's id: {@code External-Identifier}, and the bag is {@code holdfast-<runId>}
 * @param sourceOrganization the Genesys org name ({@code GET /api/v2/organizations/me})
 * @param organizationId     the Genesys org id
 * @param windowFrom         start of the half-open window {@code [from, to)}
 * @param windowTo           end of the window
 * @param holdAttribute      the participant attribute that marks a held call
 * @param holdValue          the value it must have
 * @param region             the Genesys region domain
 * @param holdfastVersion    the exporter's version
 */
public record BagInfo(LocalDate baggingDate, String runId, String sourceOrganization, String organizationId,
                      Instant windowFrom, Instant windowTo, String holdAttribute, String holdValue, String region,
                      String holdfastVersion) {

    public BagInfo {
        Objects.requireNonNull(baggingDate, "baggingDate");
        BagPaths.requireRunId(runId);
        Objects.requireNonNull(windowFrom, "windowFrom");
        Objects.requireNonNull(windowTo, "windowTo");
        if (!windowFrom.isBefore(windowTo)) {
            throw new IllegalArgumentException("window start must be before its end: " + windowFrom + "/" + windowTo);
        }
    }

    /** The bag's folder name at the destination root. */
    public String bagName() {
        return BagPaths.bagName(runId);
    }
}
