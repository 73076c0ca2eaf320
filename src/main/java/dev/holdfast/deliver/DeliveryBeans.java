package dev.holdfast.deliver;

import dev.holdfast.config.Settings;
import org.apache.camel.spi.Registry;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.UnaryOperator;

/**
 * Registers the beans the deliver routes refer to: {@code destinationReader}, {@code deliveryConfirmation},
 * {@code folderRename} when the destination is a folder, and {@code s3Client} and {@code s3LegalHold} when it is
 * S3. The reader (and with it the S3 client) is closed when Camel stops.
 */
public final class DeliveryBeans {

    private DeliveryBeans() {
    }

    public static void register(Registry registry, Settings settings) {
        register(registry, settings, UnaryOperator.identity());
    }

    /** @param confirmationView lets a test put a fault between the confirmation and the store */
    static void register(Registry registry, Settings settings, UnaryOperator<DestinationReader> confirmationView) {
        DestinationReader reader = DestinationReaders.forSettings(settings);
        registry.bind("destinationReader", DestinationReader.class, reader, null, "close");
        registry.bind("deliveryConfirmation", DeliveryConfirmation.class,
                new DeliveryConfirmation(confirmationView.apply(reader)));
        if (reader instanceof FileDestinationReader folder) {
            registry.bind("folderRename", FolderRename.class, new FolderRename(folder.root()));
        }
        if (reader instanceof S3DestinationReader s3) {
            registry.bind("s3Client", S3Client.class, s3.client());
            registry.bind("s3LegalHold", S3LegalHold.class, new S3LegalHold(s3, S3ClientFactory.legalHold(settings)));
        }
    }
}
