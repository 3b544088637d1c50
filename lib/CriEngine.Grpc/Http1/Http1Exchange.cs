using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CriEngine.Grpc.Http1;

/// <summary>
/// Serves one HTTP/1.1 request on a connection and closes it (<c>Connection: close</c>): reads
/// the request line and headers, answers 400 to a malformed request and 431 to an oversized
/// head, else asks the handler. A request body is never read; the socket's HTTP/1.1 side
/// serves reads only.
/// </summary>
internal static class Http1Exchange
{
    private const int MaxHeadBytes = 16 << 10;

    /// <summary>How long a client has to send its request head before the connection is dropped.</summary>
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(10);

    public static async Task ServeAsync(IDuplexPipe transport, Func<Http1Request, CancellationToken, Task<Http1Response>> handler, ILogger logger, string name, CancellationToken cancellationToken)
    {
        Http1Response response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(HeadTimeout);
            var head = await ReadHeadAsync(transport.Input, timeout.Token).ConfigureAwait(false);
            if (head is null)
                return;
            response = head.Value.Error ?? await AnswerAsync(head.Value.Request!, handler, logger, name, cancellationToken).ConfigureAwait(false);
        }
        await WriteAsync(transport.Output, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Http1Response> AnswerAsync(Http1Request request, Func<Http1Request, CancellationToken, Task<Http1Response>> handler, ILogger logger, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await handler(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "http1 {Connection}: {Method} {Path} failed", name, request.Method, request.Path);
            return Http1Response.Text(500, e.Message);
        }
    }

    /// <summary>The request, or the error answer to it; null when the client sent nothing whole in time.</summary>
    private static async Task<(Http1Request? Request, Http1Response? Error)?> ReadHeadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var buffer = result.Buffer;
            if (TryParse(buffer, out var parsed))
            {
                input.AdvanceTo(buffer.End);
                return parsed;
            }
            if (buffer.Length > MaxHeadBytes)
                return (null, Http1Response.Text(431, "431 Request Header Fields Too Large"));
            if (result.IsCompleted)
                return buffer.IsEmpty ? null : (null, Http1Response.Text(400, "400 Bad Request: the request ended inside its head"));
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Finds the blank line ending the head; false while it has not arrived.</summary>
    private static bool TryParse(ReadOnlySequence<byte> buffer, out (Http1Request? Request, Http1Response? Error) parsed)
    {
        parsed = default;
        var reader = new SequenceReader<byte>(buffer.Length > MaxHeadBytes ? buffer.Slice(0, MaxHeadBytes) : buffer);
        var lines = new List<string>();
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            var text = Encoding.Latin1.GetString(line).TrimEnd('\r');
            if (text.Length == 0)
            {
                // RFC 9112 2.2: a server should ignore empty lines before the request line.
                if (lines.Count == 0)
                    continue;
                parsed = Parse(lines);
                return true;
            }
            lines.Add(text);
        }
        return false;
    }

    private static (Http1Request?, Http1Response?) Parse(List<string> lines)
    {
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(IsTokenChar) || !parts[1].StartsWith('/') || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
            return (null, Http1Response.Text(400, $"400 Bad Request: malformed request line \"{lines[0]}\""));
        foreach (var header in lines.Skip(1))
        {
            var colon = header.IndexOf(':');
            if (colon <= 0 || !header.AsSpan(0, colon).ToString().All(IsTokenChar))
                return (null, Http1Response.Text(400, $"400 Bad Request: malformed header line \"{header}\""));
        }
        var target = parts[1];
        var query = target.IndexOf('?');
        var path = query < 0 ? target : target[..query];
        return (new Http1Request(parts[0], Uri.UnescapeDataString(path), query < 0 ? "" : target[(query + 1)..]), null);
    }

    private static bool IsTokenChar(char c) =>
        c is > ' ' and < (char)127 && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0;

    private static async Task WriteAsync(PipeWriter output, Http1Response response, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrase(response.Status)).Append("\r\n")
            .Append("Content-Type: ").Append(response.ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(response.Body.Length).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in response.Headers)
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("\r\n");
        output.Write(Encoding.Latin1.GetBytes(head.ToString()));
        output.Write(response.Body.Span);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
