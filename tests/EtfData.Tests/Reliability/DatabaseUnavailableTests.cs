using System.Net.Sockets;
using EtfData.Api.Storage;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace EtfData.Tests.Reliability;

/// <summary>Which failures count as "the database cannot be reached" (503) and which stay errors (500, or a failed item).</summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void A_refused_connection_a_shutdown_and_a_cut_stream_are_outages_however_EF_Core_wraps_them()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);
        var starting = new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow);
        var cut = new NpgsqlException("Exception while reading from stream", new EndOfStreamException());

        DatabaseUnavailable.Is(refused).Should().BeTrue();
        DatabaseUnavailable.Is(shutdown).Should().BeTrue();
        DatabaseUnavailable.Is(starting).Should().BeTrue();
        DatabaseUnavailable.Is(cut).Should().BeTrue();
        // EF Core's wrappers: a query's transient-failure message, a save's DbUpdateException.
        DatabaseUnavailable.Is(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused)).Should().BeTrue();
        DatabaseUnavailable.Is(new DbUpdateException("An error occurred while saving the entity changes.", shutdown)).Should().BeTrue();
        DatabaseUnavailable.Reason(new DbUpdateException("outer", refused)).Should().Be("Connection refused");
    }

    [Fact]
    public void A_statement_the_server_refused_and_an_ordinary_bug_are_not_outages()
    {
        var unique = new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError);

        DatabaseUnavailable.Is(unique).Should().BeFalse();
        DatabaseUnavailable.Is(new DbUpdateException("save failed", unique)).Should().BeFalse();
        DatabaseUnavailable.Is(syntax).Should().BeFalse();
        DatabaseUnavailable.Is(new InvalidOperationException("Sequence contains no elements")).Should().BeFalse();
        DatabaseUnavailable.Is(new FormatException("bad number")).Should().BeFalse();
    }
}
