using System.Buffers.Binary;
using CriEngine.Api;
using Google.Protobuf;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// Serves /runtime.v1.RuntimeService/Version as gRPC on Kestrel, on the unix socket given as
// the first argument: what the engine's own HTTP/2 server is measured against.
var socket = args[0];
File.Delete(socket);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(options => options.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http2));
var app = builder.Build();
app.MapPost("/runtime.v1.RuntimeService/Version", async context =>
{
    using var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body);
    var request = VersionRequest.Parser.ParseFrom(body.GetBuffer().AsSpan(5, (int)body.Length - 5));
    var response = new VersionResponse { Version = request.Version, RuntimeName = "kestrel-baseline", RuntimeVersion = "0", RuntimeApiVersion = "v1" };
    var framed = new byte[5 + response.CalculateSize()];
    BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)(framed.Length - 5));
    response.WriteTo(framed.AsSpan(5));
    context.Response.ContentType = "application/grpc";
    await context.Response.Body.WriteAsync(framed);
    context.Response.AppendTrailer("grpc-status", "0");
});
app.Run();
