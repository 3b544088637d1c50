using Google.Protobuf;
using Google.Protobuf.Reflection;
using CriEngine.TestSupport;

namespace CriEngine.Api.Tests;

/// <summary>
/// One recorded message from the cri-wire fixtures: a
/// <c>NNN-runtime.v1.SERVICE.METHOD.(request|response).bin</c> file and its <c>.json</c> twin.
/// </summary>
public sealed record WireCapture(string BinPath, string JsonPath, MethodDescriptor Method, bool IsRequest)
{
    public string FileName => Path.GetFileName(BinPath);

    public MessageDescriptor MessageType => IsRequest ? Method.InputType : Method.OutputType;

    public byte[] ReadBytes() => File.ReadAllBytes(BinPath);

    public IMessage Parse() => MessageType.Parser.ParseFrom(ReadBytes());

    public static IReadOnlyList<WireCapture> All()
    {
        if (!Directory.Exists(Fixtures.GrpcCalls))
        {
            return [];
        }

        return Directory.EnumerateFiles(Fixtures.GrpcCalls, "*.bin")
            .Order(StringComparer.Ordinal)
            .Select(FromPath)
            .ToList();
    }

    public static WireCapture FromPath(string binPath)
    {
        // "007-runtime.v1.ImageService.ImageFsInfo.response.bin": the middle is the
        // gRPC method path with '/' replaced by '.', so the method and service are
        // the last two segments before the direction.
        var name = Path.GetFileNameWithoutExtension(binPath);
        var dash = name.IndexOf('-');
        var parts = name[(dash + 1)..].Split('.');
        if (dash < 0 || parts.Length < 4)
        {
            throw new FormatException($"Unexpected capture file name: {Path.GetFileName(binPath)}");
        }

        var direction = parts[^1];
        var isRequest = direction switch
        {
            "request" => true,
            "response" => false,
            _ => throw new FormatException($"Unexpected direction '{direction}' in {Path.GetFileName(binPath)}"),
        };
        var methodName = parts[^2];
        var serviceFullName = string.Join('.', parts[..^2]);

        // Resolved through the generated descriptor, so the message type comes from
        // our proto and a wrong request/response type shows up as a failed test.
        var service = ApiReflection.Descriptor.Services.SingleOrDefault(s => s.FullName == serviceFullName)
            ?? throw new InvalidOperationException($"No service {serviceFullName} in api.proto ({Path.GetFileName(binPath)})");
        var method = service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"No method {serviceFullName}.{methodName} in api.proto ({Path.GetFileName(binPath)})");

        return new WireCapture(binPath, Path.ChangeExtension(binPath, ".json"), method, isRequest);
    }

    public override string ToString() => FileName;
}
