package dev.holdfast.deliver;

import dev.holdfast.config.ConfigurationException;
import dev.holdfast.config.Settings;

import java.nio.file.Path;

/** Chooses and builds the {@link DestinationReader} of the configured destination ({@code holdfast.destination}). */
public final class DestinationReaders {

    private DestinationReaders() {
    }

    public static DestinationReader forSettings(Settings settings) {
        String destination = settings.required("holdfast.destination");
        return switch (destination) {
            case "file" -> new FileDestinationReader(Path.of(settings.required("holdfast.file.dir")));
            case "s3" -> new S3DestinationReader(S3ClientFactory.create(settings), settings.required("holdfast.s3.bucket"),
                    settings.string("holdfast.s3.prefix"),
                    settings.optional("holdfast.s3.endpoint").orElse("region " + settings.required("holdfast.s3.region")));
            case "sftp" -> new SftpDestinationReader(new SftpDestinationReader.Target(
                    settings.required("holdfast.sftp.host"),
                    settings.integer("holdfast.sftp.port"),
                    settings.required("holdfast.sftp.username"),
                    settings.optional("holdfast.sftp.password").orElse(null),
                    settings.optional("holdfast.sftp.private-key-file").map(Path::of).orElse(null),
                    Path.of(settings.required("holdfast.sftp.known-hosts-file")),
                    settings.string("holdfast.sftp.dir")));
            default -> throw new ConfigurationException("setting 'holdfast.destination' is '" + destination
                    + "', expected file, s3 or sftp");
        };
    }
}
