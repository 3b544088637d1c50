using System.Text;
using Microsoft.AspNetCore.Http;

namespace CriEngine.Streaming;

/// <summary>A refusal as Go's http.Error writes it: the status and one line of plain text.</summary>
internal static class PlainTextResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }
}
