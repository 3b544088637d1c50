using System.Text;

namespace CriEngine.Platform.Processes;

/// <summary>Reads a child's output stream to its end, keeping the first bytes up to a limit and dropping the rest.</summary>
internal sealed class CappedOutput
{
    private const int ChunkSize = 64 * 1024;

    private readonly MemoryStream _kept = new();
    private readonly int _limit;

    private CappedOutput(int limit) => _limit = limit;

    /// <summary>Done at the stream's end; never faults: a stream closed under it ends the text read so far.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public static CappedOutput Start(Stream stream, int limit)
    {
        var output = new CappedOutput(limit);
        output.Completion = output.ReadAsync(stream);
        return output;
    }

    /// <summary>What was kept so far.</summary>
    public string Text
    {
        get
        {
            lock (_kept)
                return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        }
    }

    private async Task ReadAsync(Stream stream)
    {
        var chunk = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                lock (_kept)
                {
                    var room = _limit - (int)_kept.Length;
                    if (room > 0)
                        _kept.Write(chunk, 0, Math.Min(room, read));
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }
}
