package dev.holdfast.deliver;

/** After a write the destination did not hold exactly the bytes sent (or the source did not match its hash). */
public class DeliveryNotConfirmedException extends RuntimeException {

    public DeliveryNotConfirmedException(String message) {
        super(message);
    }
}
