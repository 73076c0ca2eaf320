package dev.holdfast.ledger;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The ledger's contract on its default database, an embedded H2 file. */
class LedgerOnH2Test extends LedgerContract {

    @Override
    DataSource newDatabase(Path file) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + file);
        dataSource.setUser("sa");
        return dataSource;
    }
}
