package dev.holdfast.ledger;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The timestamps' contract on the default database, an embedded H2 file. */
class TimestampsOnH2Test extends TimestampsContract {

    @Override
    DataSource newDatabase(Path file) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + file);
        dataSource.setUser("sa");
        return dataSource;
    }
}
