using EtfData.Api.Sources;
using EtfData.Api.Sources.Yahoo;
using EtfData.Api.Storage;
using EtfData.Domain;
using Microsoft.EntityFrameworkCore;

namespace EtfData.Api.Ingestion;

/// <summary>What adding a fund by hand came to.</summary>
public abstract record AddFundOutcome
{
    private AddFundOutcome()
    {
    }

    /// <summary>Recorded as a new, active, manual fund.</summary>
    public sealed record Added(Etf Etf) : AddFundOutcome;

    /// <summary>Known but inactive (it left the directory); active again and now manual.</summary>
    public sealed record Reactivated(Etf Etf) : AddFundOutcome;

    /// <summary>Already in the universe and active: nothing changed.</summary>
    public sealed record AlreadyTracked(Etf Etf) : AddFundOutcome;

    /// <summary>The upstream does not know the symbol, or knows it as something other than an ETF.</summary>
    public sealed record Rejected(string Reason) : AddFundOutcome;

    /// <summary>The upstream could not be asked (unavailable or an invalid answer); try again later.</summary>
    public sealed record Unavailable(string Reason) : AddFundOutcome;
}

/// <summary>
/// Adds a listed fund that discovery did not pick up: Yahoo's quoteSummary must know the symbol as an
/// ETF before anything is recorded; the row is stored with <c>source = 'manual'</c>, active, so every
/// job covers it from then on and discovery never deactivates it.
/// </summary>
public sealed class ManualFunds(IYahooFundClient funds, IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<AddFundOutcome> AddAsync(string symbol, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EtfDataDbContext>();
        var existing = await db.Etfs.SingleOrDefaultAsync(e => e.Symbol == symbol, cancellationToken);
        if (existing is { IsActive: true })
        {
            return new AddFundOutcome.AlreadyTracked(existing);
        }

        var answer = await funds.GetFundAsync(symbol, cancellationToken);
        FundProfile profile;
        switch (answer)
        {
            case SourceResult<YahooFundSnapshot>.Data { Value: var snapshot }:
                profile = snapshot.Profile;
                break;
            case SourceResult<YahooFundSnapshot>.NotFound notFound:
                return new AddFundOutcome.Rejected($"Yahoo Finance does not know {symbol}: {notFound.Detail}");
            default:
                return new AddFundOutcome.Unavailable($"Could not verify {symbol} upstream: {answer.Describe()}");
        }

        if (!string.Equals(profile.InstrumentType, "ETF", StringComparison.OrdinalIgnoreCase))
        {
            return new AddFundOutcome.Rejected(
                $"Yahoo Finance lists {symbol} as {profile.InstrumentType ?? "an unknown instrument type"}, not as an ETF.");
        }

        var now = time.GetUtcNow();
        if (existing is not null)
        {
            var reactivated = existing with { IsActive = true, Source = EtfSource.Manual, UpdatedAt = now };
            db.Entry(existing).CurrentValues.SetValues(reactivated);
            await db.SaveChangesAsync(cancellationToken);
            return new AddFundOutcome.Reactivated(reactivated);
        }

        var etf = new Etf
        {
            Symbol = symbol,
            Name = string.IsNullOrWhiteSpace(profile.Name) ? symbol : profile.Name.Trim(),
            Issuer = profile.Issuer,
            Category = profile.Category,
            IsActive = true,
            Source = EtfSource.Manual,
            FirstSeenAt = now,
            UpdatedAt = now,
        };
        db.Etfs.Add(etf);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Added by someone else (discovery, another request) meanwhile.
            await using var again = scopes.CreateAsyncScope();
            var current = await again.ServiceProvider.GetRequiredService<EtfDataDbContext>().Etfs.AsNoTracking()
                .SingleAsync(e => e.Symbol == symbol, cancellationToken);
            return new AddFundOutcome.AlreadyTracked(current);
        }

        return new AddFundOutcome.Added(etf);
    }
}
