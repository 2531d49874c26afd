namespace FocusController.Inference;

/// <summary>A model file that cannot be used: missing, not ONNX, or not the contract in docs/contracts.md. The message names the file.</summary>
public sealed class InvalidModelException : Exception
{
    public InvalidModelException(string path, string problem)
        : base($"{path}: {problem}")
    {
        ModelPath = path;
    }

    public InvalidModelException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        ModelPath = path;
    }

    public InvalidModelException()
    {
        ModelPath = string.Empty;
    }

    public InvalidModelException(string message)
        : base(message)
    {
        ModelPath = string.Empty;
    }

    public string ModelPath { get; }
}
