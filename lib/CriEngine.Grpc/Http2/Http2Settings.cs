namespace CriEngine.Grpc.Http2;

/// <summary>One side's SETTINGS values (RFC 9113 6.5.2), starting from the protocol defaults.</summary>
public sealed record Http2Settings
{
    public int HeaderTableSize { get; init; } = Http2Limits.DefaultHeaderTableSize;

    public bool EnablePush { get; init; } = true;

    /// <summary>Null: unlimited, the protocol default.</summary>
    public int? MaxConcurrentStreams { get; init; }

    public int InitialWindowSize { get; init; } = Http2Limits.DefaultInitialWindowSize;

    public int MaxFrameSize { get; init; } = Http2Limits.DefaultMaxFrameSize;

    /// <summary>Null: unlimited, the protocol default.</summary>
    public int? MaxHeaderListSize { get; init; }

    /// <summary>Applies one received setting, validating its value as RFC 9113 6.5.2 requires.</summary>
    public Http2Settings With(Http2SettingId id, uint value) => id switch
    {
        Http2SettingId.HeaderTableSize => this with { HeaderTableSize = (int)Math.Min(value, int.MaxValue) },
        Http2SettingId.EnablePush => value <= 1
            ? this with { EnablePush = value == 1 }
            : throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"SETTINGS_ENABLE_PUSH must be 0 or 1, got {value}"),
        Http2SettingId.MaxConcurrentStreams => this with { MaxConcurrentStreams = (int)Math.Min(value, int.MaxValue) },
        Http2SettingId.InitialWindowSize => value <= Http2Limits.MaxWindowSize
            ? this with { InitialWindowSize = (int)value }
            : throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE {value} exceeds 2^31-1"),
        Http2SettingId.MaxFrameSize => value is >= Http2Limits.DefaultMaxFrameSize and <= Http2Limits.MaxAllowedFrameSize
            ? this with { MaxFrameSize = (int)value }
            : throw new Http2ConnectionException(Http2ErrorCode.ProtocolError, $"SETTINGS_MAX_FRAME_SIZE {value} is outside 16384..16777215"),
        Http2SettingId.MaxHeaderListSize => this with { MaxHeaderListSize = (int)Math.Min(value, int.MaxValue) },
        // Unknown settings must be ignored.
        _ => this,
    };
}
