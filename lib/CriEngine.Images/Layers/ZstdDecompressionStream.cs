using CriEngine.Grpc;
using CriEngine.Images.Native;
using CriEngine.Images.Streams;

namespace CriEngine.Images.Layers;

/// <summary>
/// Read-only stream of the data in a zstd stream of one or more frames, decoded by libzstd.
/// Input that ends inside a frame is an error, not a short read: a truncated layer must not
/// look complete.
/// </summary>
internal sealed class ZstdDecompressionStream : ReadOnlyStream
{
    private readonly Stream _compressed;
    private readonly ZstdDecompressionHandle _decoder;
    private readonly byte[] _input;
    private int _inputLength;
    private int _inputPosition;

    // True from the first byte of a frame until the decoder reports it complete and flushed.
    private bool _insideFrame;

    /// <exception cref="RpcException">Unimplemented when libzstd.so.1 cannot be loaded.</exception>
    public ZstdDecompressionStream(Stream compressed)
    {
        _compressed = compressed;
        try
        {
            _decoder = Zstd.CreateStream();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new RpcException(StatusCode.Unimplemented, $"zstd-compressed layers need libzstd.so.1 (Debian package libzstd1): {e.Message}", e);
        }
        _input = new byte[Zstd.RecommendedInputSize()];
    }

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (buffer.IsEmpty)
                return 0;
            var produced = Decode(buffer);
            if (produced > 0)
                return produced;
            if (_inputPosition < _inputLength)
                continue;
            if (!Refill(_compressed.Read(_input)))
                return 0;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (buffer.IsEmpty)
                return 0;
            var produced = Decode(buffer.Span);
            if (produced > 0)
                return produced;
            if (_inputPosition < _inputLength)
                continue;
            if (!Refill(await _compressed.ReadAsync(_input, cancellationToken).ConfigureAwait(false)))
                return 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
            _compressed.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Takes in what was read; false at the end of the input, which must fall between frames.</summary>
    private bool Refill(int read)
    {
        if (read == 0)
            return _insideFrame ? throw new InvalidDataException("zstd: the compressed data ends inside a frame (truncated)") : false;
        _inputLength = read;
        _inputPosition = 0;
        return true;
    }

    // Also called with no input left: the decoder may hold decoded data that did not fit last time.
    private unsafe int Decode(Span<byte> destination)
    {
        fixed (byte* output = destination)
        fixed (byte* input = _input)
        {
            var outBuffer = new Zstd.OutBuffer { Destination = output, Size = (nuint)destination.Length };
            var inBuffer = new Zstd.InBuffer { Source = input, Size = (nuint)_inputLength, Position = (nuint)_inputPosition };
            var consumedBefore = _inputPosition;
            var remaining = Zstd.Decompress(_decoder, ref outBuffer, ref inBuffer);
            _inputPosition = (int)inBuffer.Position;
            if (_inputPosition > consumedBefore || outBuffer.Position > 0)
                _insideFrame = remaining != 0;
            return (int)outBuffer.Position;
        }
    }
}
