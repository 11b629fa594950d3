using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ComputeMarket.Testing;

/// <summary>
/// The one PostgreSQL server of a test process — the server <c>COMPUTEMARKET_TEST_POSTGRES</c> names, or else a
/// throwaway cluster started on first use and removed when the process exits — handing out fresh databases.
/// </summary>
public static class PostgresServer
{
    /// <summary>Names a connection string to a server where the user may CREATE DATABASE.</summary>
    public const string ConnectionStringVariable = "COMPUTEMARKET_TEST_POSTGRES";

    /// <summary>Names the folder holding initdb and pg_ctl, when they are not under /usr/lib/postgresql.</summary>
    public const string BinariesVariable = "COMPUTEMARKET_TEST_POSTGRES_BIN";

    internal const string Advice = "Install postgresql-15 or set COMPUTEMARKET_TEST_POSTGRES.";

    // Debian's layout: /usr/lib/postgresql/<major>/bin.
    private const string DebianInstallRoot = "/usr/lib/postgresql";

    // The comment on each database a configured server holds for this machine's test processes. Host names repeat
    // across machines made from one image, so the boot id tells this machine (and this boot) apart.
    private static readonly string OwnMarkPrefix =
        $"computemarket-tests host={Environment.MachineName} boot={ReadBootId()} pid=";

    private static readonly Lazy<Availability> Found = new(FindServer);
    private static readonly Lazy<Task<Server>> Started = new(() => Task.Run(StartAsync));
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template; cloning one at a
    // time keeps concurrent callers from tripping over each other.
    private static readonly SemaphoreSlim CloningFromTemplate = new(1, 1);

    /// <summary>Whether a server is configured or could be started; looks around without starting anything.</summary>
    public static bool IsAvailable => Found.Value.IsAvailable;

    /// <summary>Why no server can be had here; empty when one can.</summary>
    public static string UnavailableReason => Found.Value.Reason;

    /// <summary>Creates a new empty database and returns an Npgsql connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string namePrefix)
    {
        var server = await GetServerAsync();
        var name = NewDatabaseName(namePrefix);
        await CreateAsync(server, name, template: null);
        return server.ConnectionStringFor(name);
    }

    /// <summary>
    /// Creates a new database as a copy of the template database known by <paramref name="templateKey"/>,
    /// which <paramref name="prepareTemplate"/> fills (migrates) once per process.
    /// </summary>
    public static async Task<string> CreateDatabaseFromTemplateAsync(
        string templateKey, Func<string, Task> prepareTemplate, string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(templateKey);
        ArgumentNullException.ThrowIfNull(prepareTemplate);
        var server = await GetServerAsync();
        var template = Templates.GetOrAdd(
            templateKey,
            key => new Lazy<Task<string>>(() => CreateTemplateAsync(server, key, prepareTemplate)));
        string templateName;
        try
        {
            templateName = await template.Value;
        }
        catch (Exception e)
        {
            // Every caller sees the one failure; a fresh exception each keeps their stack traces apart.
            throw new InvalidOperationException($"Preparing the template database '{templateKey}' failed: {e.Message}", e);
        }

        var name = NewDatabaseName(namePrefix);
        await CloningFromTemplate.WaitAsync();
        try
        {
            await CreateAsync(server, name, templateName);
        }
        finally
        {
            CloningFromTemplate.Release();
        }

        return server.ConnectionStringFor(name);
    }

    /// <summary>Drops the database a connection string names, ending its sessions; best effort, never throws.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString) || !Started.IsValueCreated)
        {
            return;
        }

        try
        {
            await DropAsync(await Started.Value, connectionString);
        }
        catch (Exception)
        {
            // A database left behind costs disk space, not correctness: the throwaway cluster goes as a whole,
            // and a configured server is rid of it when the next test process starts.
        }
    }

    internal static string NotAvailableMessage(string reason) => $"PostgreSQL is not available here: {reason}. {Advice}";

    private static async Task<Server> GetServerAsync()
    {
        try
        {
            return await Started.Value;
        }
        catch (Exception e)
        {
            // The failed start is cached; a fresh exception per caller keeps their stack traces apart, and our own
            // failures, whose message says it all, are not repeated as their own inner exception.
            throw e is InvalidOperationException
                ? new InvalidOperationException(e.Message, e.InnerException)
                : new InvalidOperationException(e.Message, e);
        }
    }

    private static async Task<Server> StartAsync()
    {
        var found = Found.Value;
        if (found.ConnectionString is { } configured)
        {
            var server = new Server(configured, IsConfigured: true);
            try
            {
                await ExecuteAsync(server.AdminConnectionString, "SELECT 1");
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"{ConnectionStringVariable} is set, but its server cannot be reached: {e.Message}. "
                    + $"Fix or unset {ConnectionStringVariable} (unset, the tests start a throwaway server themselves).",
                    e);
            }

            await DropLeftoversAsync(server);
            return server;
        }

        if (found.BinDirectory is not { } binDirectory)
        {
            throw new InvalidOperationException(NotAvailableMessage(found.Reason));
        }

        var cluster = await PostgresCluster.StartAsync(binDirectory);
        return new Server(cluster.AdminConnectionString, IsConfigured: false);
    }

    private static async Task<string> CreateTemplateAsync(Server server, string key, Func<string, Task> prepare)
    {
        var name = NewDatabaseName("template_" + key);
        var quoted = QuoteIdentifier(name);
        await CreateAsync(server, name, template: null);
        try
        {
            await prepare(server.ConnectionStringFor(name));
        }
        catch
        {
            await DropDatabaseAsync(server.ConnectionStringFor(name));
            throw;
        }

        // Cloning needs the template free of sessions: close the pooled ones the preparation left, refuse new
        // ones (a test connecting to the template by mistake would break every clone after it) and end the rest.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server.AdminConnectionString, $"ALTER DATABASE {quoted} WITH ALLOW_CONNECTIONS false");
        await ExecuteAsync(
            server.AdminConnectionString,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()",
            name);
        return name;
    }

    private static async Task CreateAsync(Server server, string name, string? template)
    {
        var quoted = QuoteIdentifier(name);
        await ExecuteAsync(
            server.AdminConnectionString,
            template is null ? $"CREATE DATABASE {quoted}" : $"CREATE DATABASE {quoted} TEMPLATE {QuoteIdentifier(template)}");
        if (server.IsConfigured)
        {
            // Signed, so that the next test process can drop it should this one die before its tests drop it.
            var mark = $"{OwnMarkPrefix}{Environment.ProcessId}".Replace("'", "''", StringComparison.Ordinal);
            await ExecuteAsync(server.AdminConnectionString, $"COMMENT ON DATABASE {quoted} IS '{mark}'");
        }
    }

    // A configured server outlives test processes, and dotnet test kills the test host too soon after the run for
    // any clean-up at exit; so each process drops what earlier ones on this machine left behind when they ended.
    private static async Task DropLeftoversAsync(Server server)
    {
        try
        {
            await DropLeftoversOfEndedProcessesAsync(server);
        }
        catch (Exception)
        {
            // Tidying only; the tests do not depend on it.
        }
    }

    private static async Task DropLeftoversOfEndedProcessesAsync(Server server)
    {
        var leftovers = new List<string>();
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE shobj_description(oid, 'pg_database') IS NOT NULL",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var mark = reader.GetString(1);
                if (mark.StartsWith(OwnMarkPrefix, StringComparison.Ordinal)
                    && int.TryParse(mark.AsSpan(OwnMarkPrefix.Length), CultureInfo.InvariantCulture, out var owner)
                    && !IsRunning(owner))
                {
                    leftovers.Add(reader.GetString(0));
                }
            }
        }

        foreach (var name in leftovers)
        {
            await DropAsync(server, server.ConnectionStringFor(name));
        }
    }

    private static async Task DropAsync(Server server, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)");
    }

    private static string ReadBootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, string? nameParameter = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (nameParameter is not null)
        {
            command.Parameters.AddWithValue("name", nameParameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    // Lower-case letters, digits and underscores only, within PostgreSQL's 63-byte identifier limit, with a random
    // suffix so that parallel test classes and processes sharing a server never collide.
    private static string NewDatabaseName(string prefix)
    {
        var cleaned = new StringBuilder();
        foreach (var c in (prefix ?? "").ToLowerInvariant())
        {
            cleaned.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var start = cleaned.Length > 0 ? cleaned.ToString(0, Math.Min(cleaned.Length, 48)) : "test";
        return $"{start}_{RandomNumberGenerator.GetHexString(12, lowercase: true)}";
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Availability FindServer()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Availability(configured, null, "");
        }

        var binVariable = Environment.GetEnvironmentVariable(BinariesVariable);
        if (!string.IsNullOrWhiteSpace(binVariable))
        {
            return HasServerBinaries(binVariable)
                ? new Availability(null, binVariable, "")
                : new Availability(
                    null, null, $"{ConnectionStringVariable} is not set and {BinariesVariable} ({binVariable}) holds no initdb and pg_ctl");
        }

        var newest = Directory.Exists(DebianInstallRoot)
            ? Directory.GetDirectories(DebianInstallRoot)
                .Select(folder => (Version: ParseVersion(Path.GetFileName(folder)), Bin: Path.Combine(folder, "bin")))
                .Where(candidate => candidate.Version is not null && HasServerBinaries(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
        return newest is not null
            ? new Availability(null, newest, "")
            : new Availability(
                null, null, $"{ConnectionStringVariable} is not set and no {DebianInstallRoot}/*/bin holds initdb and pg_ctl");
    }

    private static bool HasServerBinaries(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    // Folders are named by major version: "15", "16", or "9.6" in older releases.
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version) ? version : null;

    private sealed record Availability(string? ConnectionString, string? BinDirectory, string Reason)
    {
        public bool IsAvailable => ConnectionString is not null || BinDirectory is not null;
    }

    private sealed record Server(string AdminConnectionString, bool IsConfigured)
    {
        public string ConnectionStringFor(string database) =>
            new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, IncludeErrorDetail = true }
                .ConnectionString;
    }
}
