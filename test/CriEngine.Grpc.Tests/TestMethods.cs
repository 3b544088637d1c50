using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CriEngine.Grpc.Tests;

/// <summary>Methods with well-known message types, enough to exercise every path of the gRPC layer.</summary>
internal static class TestMethods
{
    public const string Echo = "/test.Test/Echo";
    public const string Sleep = "/test.Test/Sleep";
    public const string Fail = "/test.Test/Fail";
    public const string Crash = "/test.Test/Crash";
    public const string Count = "/test.Test/Count";
    public const string Big = "/test.Test/Big";
    public const string Authority = "/test.Test/Authority";

    /// <summary>Completed when a Sleep handler starts waiting.</summary>
    public static TaskCompletionSource SleepStarted { get; private set; } = new();

    /// <summary>Completed when a Sleep handler sees its cancellation.</summary>
    public static TaskCompletionSource SleepCancelled { get; private set; } = new();

    public static GrpcMethodTable Table()
    {
        SleepStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SleepCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new GrpcMethodTable()
            .AddUnary(Echo, BytesValue.Parser, (request, _) => Task.FromResult(request))
            .AddUnary(Sleep, Empty.Parser, async (request, context) =>
            {
                SleepStarted.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    SleepCancelled.TrySetResult();
                    throw;
                }
                return request;
            })
            .AddUnary<StringValue, Empty>(Fail, StringValue.Parser, (request, _) => throw new RpcException(StatusCode.NotFound, request.Value))
            .AddUnary<Empty, Empty>(Crash, Empty.Parser, (_, _) => throw new InvalidOperationException("the handler broke"))
            .AddServerStreaming<Int32Value, Int32Value>(Count, Int32Value.Parser, async (request, writer, _) =>
            {
                for (var i = 0; i < request.Value; i++)
                    await writer.WriteAsync(new Int32Value { Value = i });
            })
            .AddUnary<Empty, StringValue>(Authority, Empty.Parser, (_, context) => Task.FromResult(new StringValue { Value = context.Headers.Authority ?? "" }))
            .AddUnary(Big, Int32Value.Parser, (request, _) =>
                Task.FromResult(new BytesValue { Value = ByteString.CopyFrom(Pattern(request.Value)) }));
    }

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)(i * 31 + (i >> 8));
        return bytes;
    }
}
