using System.Net.Sockets;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;
using CriEngine.Images.Streams;

namespace CriEngine.Images.Registry;

/// <summary>
/// A blob body that survives dropped connections: when a read fails (or waits longer than the read
/// timeout) before the whole blob arrived, it asks again from the first missing byte
/// (<c>Range: bytes=N-</c>) and goes on, up to a number of resumes. It does not check content; the
/// <see cref="DigestVerifyingStream"/> over it does.
/// </summary>
internal sealed class ResumingBlobStream : ReadOnlyStream
{
    private readonly long size;
    private readonly Func<long, CancellationToken, Task<Stream>> reopen;
    private readonly RegistryClientOptions options;
    private readonly string host;
    private readonly string name;
    private readonly ILogger logger;
    private Stream current;
    private long position;
    private int resumes;

    /// <param name="reopen">One attempt to get the body from an offset; it throws <see cref="TransientRegistryFailure"/> for what is worth another.</param>
    public ResumingBlobStream(Stream first, long size, Func<long, CancellationToken, Task<Stream>> reopen, RegistryClientOptions options, string host, string name, ILogger logger)
    {
        current = first;
        this.size = size;
        this.reopen = reopen;
        this.options = options;
        this.host = host;
        this.name = name;
        this.logger = logger;
    }

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            string cause;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ReadTimeout);
                var read = await current.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                position += read;
                return read;
            }
            catch (Exception e) when (IsDropped(e) && !cancellationToken.IsCancellationRequested)
            {
                cause = e is OperationCanceledException ? $"no data for {options.ReadTimeout.TotalSeconds:g} s" : RegistryTransport.Cause(e);
            }
            // Everything arrived before the connection went: the verifier has the last word.
            if (position >= size)
                return 0;
            await ResumeAsync(cause, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resuming a download sends requests, which are asynchronous: readers must read asynchronously.</summary>
    public override int Read(Span<byte> buffer) =>
        throw new NotSupportedException($"{name}: read blob downloads with ReadAsync");

    private async Task ResumeAsync(string cause, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (resumes == options.RetryCount)
                throw new RpcException(
                    StatusCode.Unavailable,
                    $"{name}: connection lost at byte {position} of {size}: {cause} (after {resumes} resumes)");
            resumes++;
            await current.DisposeAsync().ConfigureAwait(false);
            current = Stream.Null;
            logger.Resuming(host, name, position, cause, resumes, options.RetryCount);
            await Task.Delay(RetryBackoff.Delay(options.InitialBackoff, resumes), cancellationToken).ConfigureAwait(false);
            try
            {
                current = await reopen(position, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TransientRegistryFailure e)
            {
                cause = e.Message;
            }
        }
    }

    private static bool IsDropped(Exception e) => e is IOException or HttpRequestException or SocketException or OperationCanceledException;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            current.Dispose();
        base.Dispose(disposing);
    }
}
