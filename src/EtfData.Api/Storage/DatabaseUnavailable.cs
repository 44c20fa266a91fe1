using System.Net.Sockets;
using Npgsql;

namespace EtfData.Api.Storage;

/// <summary>Recognises the exceptions that mean "the database cannot be reached", however they are wrapped.</summary>
public static class DatabaseUnavailable
{
    /// <summary>
    /// True for a failure to connect or a connection lost: a socket or I/O error, a connect timeout,
    /// the server shutting down or starting (SQLSTATE class 08, 57P01–57P03), an exhausted pool. False
    /// for statements the server refused (constraint violations, syntax…), which are not outages.
    /// </summary>
    public static bool Is(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                        || pg.SqlState == PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.InnerException is SocketException or IOException or TimeoutException or EndOfStreamException:
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
                case InvalidOperationException when current.InnerException is null && IsBrokenConnectionMessage(current.Message):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The innermost message, for a log line.</summary>
    public static string Reason(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current.Message;
    }

    // Npgsql's message when a command runs on a connection that broke under it.
    private static bool IsBrokenConnectionMessage(string message) =>
        message.Contains("connection is broken", StringComparison.OrdinalIgnoreCase);
}
