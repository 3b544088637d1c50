using System.Collections.Concurrent;
using System.Diagnostics;
using CriEngine.Images.References;
using NUnit.Framework;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A real docker-registry (distribution 2.8, Debian's docker-registry package) on 127.0.0.1 and
/// a free port, its storage, config and certificates in a temporary directory, deletes
/// enabled. Started with TLS, basic or token auth as <see cref="TestRegistryOptions"/> say;
/// ready once <c>GET /v2/</c> answers. Its log lines go to the test's progress output. Dispose
/// kills it by PID, reaps it and removes the directory, whatever happened before.
/// </summary>
public sealed class TestRegistry : IAsyncDisposable
{
    public const string Executable = "/usr/bin/docker-registry";

    private const int PortAttempts = 5;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new("criengine-registry");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TestCertificateAuthority _ca;
    private TokenServer? _tokenServer;
    private TestCertificate? _clientCertificate;
    private HttpClient? _probe;
    private HttpClient? _pushClient;
    private Process? _process;
    private int _port;
    private bool _disposed;

    private TestRegistry(TestRegistryOptions options)
    {
        Options = options;
        _ca = TestCertificateAuthority.Create(_directory.Combine("ca"));
        Requests = new RegistryAccessLog(SendSentinelAsync);
    }

    public TestRegistryOptions Options { get; }

    public bool Tls => Options.Tls || Options.RequireClientCertificate;

    /// <summary><c>127.0.0.1:PORT</c>: the registry part of an image reference, the name of its certs.d directory.</summary>
    public string Host => $"127.0.0.1:{_port}";

    public int Port => _port;

    /// <summary><c>http(s)://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUri => new($"{(Tls ? "https" : "http")}://{Host}/");

    /// <summary>The CA of the registry's TLS certificate (also of the token server's signing certificate).</summary>
    public TestCertificateAuthority Ca => _ca;

    /// <summary>A client certificate the registry accepts, when it demands one.</summary>
    public TestCertificate? ClientCertificate => _clientCertificate;

    /// <summary>The token server the registry sends clients to, with token auth.</summary>
    public TokenServer? TokenServer => _tokenServer;

    /// <summary>The requests the registry served, from its access log.</summary>
    public RegistryAccessLog Requests { get; }

    /// <summary>The registry process's id (it stays known after the process ended).</summary>
    public int Pid { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The registry's filesystem storage root.</summary>
    public string StorageDirectory => _directory.Combine("storage");

    /// <summary>Everything the registry printed, stdout and stderr, in order of arrival.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<TestRegistry> StartAsync(TestRegistryOptions? options = null)
    {
        options ??= new TestRegistryOptions();
        if (options.BasicAuth is not null && options.TokenAuth is not null)
            throw new ArgumentException("docker-registry takes one auth method: basic or token, not both", nameof(options));
        var registry = new TestRegistry(options);
        try
        {
            await registry.LaunchAsync();
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>The data file of a stored blob: write to it to corrupt the blob the registry serves.</summary>
    public string BlobFile(Digest digest) =>
        Path.Combine(StorageDirectory, "docker", "registry", "v2", "blobs", digest.Algorithm, digest.Hex[..2], digest.Hex, "data");

    /// <summary>Lays out <paramref name="certsDirectory"/>/HOST/ with <c>ca.crt</c> (and the client certificate, if the registry demands one); returns HOST's directory.</summary>
    public string WriteCertsDirectory(string certsDirectory) => _ca.WriteCertsDirectory(certsDirectory, Host, _clientCertificate);

    /// <summary>
    /// An HTTP client for the registry (base address <see cref="BaseUri"/>), trusting its CA
    /// and presenting its client certificate; with <paramref name="authenticate"/>, it answers
    /// the registry's challenges with the configured credentials (and tokens). The caller disposes it.
    /// </summary>
    public HttpClient CreateHttpClient(bool authenticate = true)
    {
        HttpMessageHandler handler = _ca.CreateHttpHandler(_clientCertificate);
        if (authenticate)
            handler = new RegistryAuthHandler(handler, Options.BasicAuth, Options.TokenAuth?.Credentials);
        return new HttpClient(handler) { BaseAddress = BaseUri, Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>Pushes the image's layers, config and manifest, the manifest under <paramref name="tag"/>.</summary>
    public Task<PushedImage> PushAsync(string repository, string tag, TestImage image) => Pusher().PushImageAsync(repository, tag, image);

    /// <summary>Pushes every image of the index (manifests by digest), then the index under <paramref name="tag"/>.</summary>
    public Task<PushedIndex> PushAsync(string repository, string tag, TestImageIndex index) => Pusher().PushIndexAsync(repository, tag, index);

    /// <summary>
    /// Pushes any manifest body with any media type under <paramref name="reference"/> (a tag or
    /// a digest). docker-registry 2.8 checks what it stores: it refuses schema 1 and media
    /// types it does not know (use <see cref="FaultProxy.ServeManifest"/> for those) and
    /// manifests whose blobs it lacks.
    /// </summary>
    public Task<Digest> PushManifestAsync(string repository, string reference, byte[] body, string mediaType) =>
        Pusher().PushManifestAsync(repository, reference, body, mediaType);

    public Task<Digest> PushBlobAsync(string repository, ReadOnlyMemory<byte> content) => Pusher().PushBlobAsync(repository, content);

    /// <summary>Kills the registry (SIGKILL, by PID) and reaps it; its files stay until dispose.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            _process?.Dispose();
            _probe?.Dispose();
            _pushClient?.Dispose();
            try
            {
                if (_tokenServer is not null)
                    await _tokenServer.DisposeAsync();
            }
            finally
            {
                _ca.Dispose();
                _directory.Dispose();
            }
        }
    }

    private RegistryPusher Pusher()
    {
        _pushClient ??= CreateHttpClient();
        return new RegistryPusher(_pushClient, Host);
    }

    private async Task LaunchAsync()
    {
        var serverCertificate = Tls ? _ca.IssueServerCertificate("registry") : null;
        if (Options.RequireClientCertificate)
            _clientCertificate = _ca.IssueClientCertificate("client");
        var htpasswd = Options.BasicAuth is null ? null : await WriteHtpasswdAsync(Options.BasicAuth);
        if (Options.TokenAuth is not null)
            _tokenServer = await TokenServer.StartAsync(_ca, Options.TokenAuth);
        _probe = new HttpClient(_ca.CreateHttpHandler(_clientCertificate)) { Timeout = TimeSpan.FromSeconds(5) };

        for (var attempt = 1; ; attempt++)
        {
            _port = LoopbackPort.Pick();
            var config = new RegistryConfigFile
            {
                Port = _port,
                StorageDirectory = StorageDirectory,
                ServerCertificate = serverCertificate,
                ClientCaPath = Options.RequireClientCertificate ? _ca.CertificatePath : null,
                HtpasswdPath = htpasswd,
                TokenServer = _tokenServer,
            };
            var configPath = _directory.Write("config.yml", config.Yaml());
            var listening = StartProcess(configPath);
            if (await WaitUntilServingAsync(listening))
            {
                await Requests.SettleAsync();
                Requests.Clear();
                return;
            }
            await StopAsync();
            var output = string.Join('\n', _output.TakeLast(20));
            _process!.Dispose();
            _process = null;
            // Another process took the port between picking and binding it: pick again.
            if (!output.Contains("address already in use", StringComparison.Ordinal) || attempt == PortAttempts)
                throw new InvalidOperationException($"docker-registry on port {_port} did not start:\n{output}");
            _output.Clear();
        }
    }

    /// <summary>Starts docker-registry; the task completes when it says it is listening (it has bound the port).</summary>
    private Task StartProcess(string configPath)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(configPath);
        // REGISTRY_* variables override the config file: none may leak in from the environment.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        var port = _port;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            Requests.Record(e.Data);
            Show(port, e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            if (e.Data.Contains($"listening on 127.0.0.1:{port}", StringComparison.Ordinal))
                listening.TrySetResult();
            Show(port, e.Data);
        };
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: `make test` installs docker-registry");
        process.Start();
        _process = process;
        Pid = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return listening.Task;
    }

    /// <summary>Polls <c>GET /v2/</c> until it answers (any status: 401 means it is up, with auth); false if the registry exits first.</summary>
    private async Task<bool> WaitUntilServingAsync(Task listening)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var exited = _process!.WaitForExitAsync();
        if (await Task.WhenAny(listening, exited, Task.Delay(StartTimeout)) != listening)
        {
            if (exited.IsCompleted)
                return false;
            throw new TimeoutException($"docker-registry on port {_port} did not say it was listening within {StartTimeout}:\n{string.Join('\n', _output.TakeLast(20))}");
        }
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                return false;
            try
            {
                using var response = await _probe!.GetAsync(new Uri(BaseUri, "v2/"));
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
        throw new TimeoutException($"docker-registry on port {_port} did not answer GET /v2/ within {StartTimeout}:\n{string.Join('\n', _output.TakeLast(20))}");
    }

    private async Task<bool> SendSentinelAsync(string path)
    {
        if (!IsRunning)
            return false;
        try
        {
            using var response = await _probe!.GetAsync(new Uri(BaseUri, path));
            return true;
        }
        catch (HttpRequestException) when (!IsRunning)
        {
            // Stopped meanwhile: the test stopped it, and asks for the log of what it had served.
            await StopAsync();
            return false;
        }
    }

    private async Task<string> WriteHtpasswdAsync(TestCredentials credentials)
    {
        // docker-registry's htpasswd reader accepts bcrypt entries only.
        var entry = await ExternalCommand.RunCheckedAsync("htpasswd", ["-Bbn", credentials.Username, credentials.Password]);
        return _directory.Write("htpasswd", entry.StandardOutputText.Trim() + "\n");
    }

    private void Show(int port, string line)
    {
        _output.Enqueue(line);
        try
        {
            TestContext.Progress.WriteLine($"[docker-registry :{port}] {line}");
        }
        catch (Exception)
        {
            // Output that arrives after the test ended has nowhere to go; it must not crash the run.
        }
    }
}
