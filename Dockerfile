# syntax=docker/dockerfile:1

# ---- dashboard assets --------------------------------------------------------------------------
# The dashboard's chart libraries at the versions tools/dashboard/package-lock.json pins; the API build
# below copies their dist files into wwwroot/vendor.
FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/tools/dashboard
COPY tools/dashboard/package.json tools/dashboard/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# ---- build -------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the build settings and project files alone, so that the restore layer is reused
# until a package or project reference changes. Add a line here for every project the host
# references.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/EtfData.Domain/EtfData.Domain.csproj src/EtfData.Domain/
COPY src/EtfData.Api/EtfData.Api.csproj src/EtfData.Api/
RUN dotnet restore src/EtfData.Api/EtfData.Api.csproj

COPY src/ src/
COPY --from=dashboard /src/tools/dashboard/node_modules tools/dashboard/node_modules
RUN dotnet publish src/EtfData.Api/EtfData.Api.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# ---- runtime -----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# The SEC cache (downloaded filings, ticker maps, quarterly data sets) lives outside /app, which the
# non-root user cannot write; Compose mounts a volume there so it outlives the container.
RUN mkdir -p /var/cache/etfdata/sec && chown -R $APP_UID /var/cache/etfdata

# ASPNETCORE_HTTP_PORTS (set by the base image) is cleared so that ASPNETCORE_URLS alone decides.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    DOTNET_NOLOGO=1 \
    Sources__Sec__CacheDirectory=/var/cache/etfdata/sec
EXPOSE 8080

# The non-root user the .NET images provide (Compose also makes the root file system read-only).
USER $APP_UID
# The image has no curl: the host's own verb asks /api/health/ready on the port ASPNETCORE_URLS names.
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=6 CMD ["dotnet", "EtfData.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "EtfData.Api.dll"]
