using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace ComputeMarket.Testing;

/// <summary>A throwaway PostgreSQL cluster in a temporary folder on a loopback port, gone when the process exits.</summary>
internal sealed class PostgresCluster
{
    private const int PortAttempts = 5;

    private readonly string _binDirectory;
    private readonly string _folder;
    private readonly bool _asPostgresUser;
    private int _stopped;

    private PostgresCluster(string binDirectory, string folder, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; private set; }

    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    private string DataDirectory => Path.Combine(_folder, "data");

    private string LogFile => Path.Combine(_folder, "server.log");

    public static async Task<PostgresCluster> StartAsync(string binDirectory)
    {
        // PostgreSQL refuses to run as root, so root hands the cluster to the postgres user the package creates.
        var cluster = new PostgresCluster(
            binDirectory,
            Directory.CreateTempSubdirectory("computemarket-pg-").FullName,
            Environment.IsPrivilegedProcess);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        try
        {
            await cluster.InitializeAndStartAsync();
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    private async Task InitializeAndStartAsync()
    {
        try
        {
            await InitializeAndStartCoreAsync();
        }
        catch (Exception e) when (e is Win32Exception or TimeoutException or IOException or UnauthorizedAccessException or SocketException)
        {
            throw Failure($"{e.GetType().Name}: {e.Message}", "");
        }
    }

    private async Task InitializeAndStartCoreAsync()
    {
        if (_asPostgresUser)
        {
            var chown = await ProcessRunner.RunAsync("chown", ["postgres", _folder], _folder, TimeSpan.FromSeconds(30));
            if (chown.ExitCode != 0)
            {
                throw Failure("chown postgres on the cluster folder failed (is there a postgres user?)", chown.Output);
            }
        }

        StartWatchdog();

        var initdb = await RunToolAsync(
            "initdb",
            ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
            TimeSpan.FromMinutes(2));
        if (initdb.ExitCode != 0)
        {
            throw Failure("initdb failed", initdb.Output);
        }

        for (var attempt = 1; ; attempt++)
        {
            // Another process may take the free port before the server binds it; then try another.
            Port = FreeLoopbackPort();
            var start = await RunToolAsync(
                "pg_ctl",
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", ServerOptions(), "start"],
                TimeSpan.FromSeconds(90));
            if (start.ExitCode == 0)
            {
                break;
            }

            if (attempt == PortAttempts || !LogTail().Contains("could not bind", StringComparison.Ordinal))
            {
                throw Failure($"pg_ctl start failed (exit code {start.ExitCode})", start.Output);
            }
        }

        await WaitUntilAcceptingConnectionsAsync();
    }

    private string ServerOptions() =>
        string.Join(
            ' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {ShellQuote(_folder)}",
            "-c listen_addresses=127.0.0.1",
            // Durability buys nothing for a cluster deleted at the end of the run, and costs seconds.
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            // Concurrency tests race 64 connections, and test classes run in parallel.
            "-c max_connections=300");

    private async Task WaitUntilAcceptingConnectionsAsync()
    {
        // pg_ctl -w already waits for "ready"; this also proves a TCP client gets in, as the tests will.
        var connectionString = AdminConnectionString + ";Pooling=false;Timeout=5";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException e)
            {
                throw Failure($"the server started but refuses connections on port {Port}: {e.Message}", "");
            }
        }
    }

    // Runs from ProcessExit, where time is short: dotnet test kills the test host 100 ms after the run ends. So the
    // postmaster gets SIGQUIT directly (what pg_ctl -m immediate stop sends) rather than waiting for pg_ctl to start;
    // whatever is cut short, the watchdog finishes once this process is gone.
    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (ReadPostmasterPid() is { } pid && NativeMethods.Kill(pid, NativeMethods.SigQuit) != 0)
            {
                RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"], TimeSpan.FromSeconds(15))
                    .GetAwaiter()
                    .GetResult();
            }

            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception)
        {
            // Best effort: the watchdog tries again.
        }
    }

    private int? ReadPostmasterPid()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        return File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid)
            && pid > 0
                ? pid
                : null;
    }

    // The test host may be killed without running ProcessExit handlers (dotnet test kills it shortly after the run,
    // a debugger stops it, a crash): a small shell outlives it, waits for it to go, then stops the server and
    // deletes the folder. It ignores the terminal's Ctrl+C, which would otherwise take it down with the tests.
    private void StartWatchdog()
    {
        const string Script = """
            pid=$1; folder=$2; shift 2
            trap '' HUP INT
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$pid"; do sleep 1; done
            "$@"
            rm -rf "$folder"
            """;
        var (stop, stopArguments) = ToolCommand("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "10", "stop"]);
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        string[] arguments =
        [
            "-c", Script, "computemarket-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _folder, stop, .. stopArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(info);
    }

    private Task<ProcessResult> RunToolAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        // Run from the cluster folder: initdb and pg_ctl complain when the postgres user cannot enter the current one.
        var (fileName, toolArguments) = ToolCommand(tool, arguments);
        return ProcessRunner.RunAsync(fileName, toolArguments, _folder, timeout);
    }

    private (string FileName, IReadOnlyList<string> Arguments) ToolCommand(string tool, IReadOnlyList<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? (ProcessRunner.FindOnPath("runuser", "/usr/sbin", "/sbin"), ["-u", "postgres", "--", executable, .. arguments])
            : (executable, arguments);
    }

    // Called before Stop deletes the folder, so that the message can quote the server log.
    private InvalidOperationException Failure(string what, string toolOutput)
    {
        var message = new StringBuilder()
            .Append("Could not start a throwaway PostgreSQL server for the tests: ").Append(what).AppendLine(".")
            .Append("Binaries: ").Append(_binDirectory)
            .AppendLine(_asPostgresUser ? " (run as the postgres user, since this process runs as root)." : ".");
        if (!string.IsNullOrWhiteSpace(toolOutput))
        {
            message.AppendLine("Output:").AppendLine(toolOutput.Trim());
        }

        message.AppendLine("Server log (last lines):").AppendLine(LogTail())
            .Append("Install postgresql-15 (apt-get install -y postgresql-15), or set ")
            .Append(PostgresServer.ConnectionStringVariable)
            .Append(" to a connection string of a server where the user may CREATE DATABASE.");
        return new InvalidOperationException(message.ToString());
    }

    private string LogTail()
    {
        try
        {
            return File.Exists(LogFile)
                ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(20))
                : "(no server log was written)";
        }
        catch (IOException e)
        {
            return $"(the server log could not be read: {e.Message})";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // pg_ctl hands -o to the shell.
    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static class NativeMethods
    {
        public const int SigQuit = 3;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
