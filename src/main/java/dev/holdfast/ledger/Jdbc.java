package dev.holdfast.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's statements, bound by position and never spliced: one update or query per call, each on its own
 * connection; a value PostgreSQL cannot store is refused on every database, so the default H2 ledger behaves
 * as a shared PostgreSQL one does.
 */
final class Jdbc {

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows changed; 0 when another node inserted the same row first (it is there, which is all we wanted). */
    int update(String sql, Object... args) {
        requireStorable(args);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return 0;
            }
            throw new LedgerException("ledger write failed: " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        requireStorable(args);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("ledger read failed: " + e.getMessage(), e);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    /**
     * PostgreSQL's text cannot hold U+0000 (H2's can): a value carrying it is refused on every database. Free text
     * is escaped by its writer instead; an id carrying NUL is the caller's to replace (the resolver stores a hash).
     */
    static void requireStorable(Object... args) {
        for (Object arg : args) {
            if (arg instanceof String text && text.indexOf('\u0000') >= 0) {
                throw new LedgerException("ledger value refused: it contains U+0000 (NUL), which PostgreSQL cannot store", null);
            }
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
