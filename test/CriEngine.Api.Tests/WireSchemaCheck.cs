using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CriEngine.Api.Tests;

/// <summary>
/// Walks raw protobuf bytes against a message descriptor and reports every field
/// the descriptor does not declare, or declares with an incompatible wire type.
/// </summary>
/// <remarks>
/// The generated classes keep unknown fields privately and silently, so parsing
/// alone would hide a field missing from our proto. Walking the bytes ourselves
/// also names the message and field number that is missing.
/// </remarks>
public static class WireSchemaCheck
{
    public static IReadOnlyList<string> FindProblems(MessageDescriptor descriptor, ByteString bytes)
    {
        var problems = new List<string>();
        Walk(descriptor, bytes, descriptor.FullName, problems);
        return problems;
    }

    private static void Walk(MessageDescriptor descriptor, ByteString bytes, string path, List<string> problems)
    {
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var wireType = WireFormat.GetTagWireType(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null)
            {
                problems.Add($"{path}: unknown field #{number} (wire type {wireType})");
                input.SkipLastField();
                continue;
            }

            if (!IsCompatible(field, wireType))
            {
                problems.Add($"{path}.{field.Name} (#{number}): declared {field.FieldType}, wire type {wireType}");
                input.SkipLastField();
                continue;
            }

            if (field.FieldType == FieldType.Message)
            {
                // Map fields recurse into their synthetic entry message (key = 1, value = 2).
                Walk(field.MessageType, input.ReadBytes(), $"{path}.{field.Name}", problems);
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static bool IsCompatible(FieldDescriptor field, WireFormat.WireType wireType)
    {
        var expected = field.FieldType switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
            FieldType.String or FieldType.Bytes or FieldType.Message => WireFormat.WireType.LengthDelimited,
            FieldType.Group => WireFormat.WireType.StartGroup,
            _ => WireFormat.WireType.Varint,
        };

        // Repeated numeric fields may arrive packed or unpacked, whatever the declaration.
        return wireType == expected
            || (field.IsRepeated && expected != WireFormat.WireType.LengthDelimited
                && wireType == WireFormat.WireType.LengthDelimited);
    }
}
