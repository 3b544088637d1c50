using System.Runtime.CompilerServices;

// The tests check the integer and Huffman codings and the dynamic tables directly against RFC 7541.
[assembly: InternalsVisibleTo("CriEngine.Grpc.Tests")]
