namespace FocusController.Host.Configuration;

/// <summary>The "Daemon" section: what the service does by itself and where it keeps its files.</summary>
public sealed class DaemonOptions
{
    public const string Section = "Daemon";

    /// <summary>Focus once as soon as the daemon is ready.</summary>
    public bool FocusOnStart { get; set; } = true;

    /// <summary>How to focus: "auto" (the model when one is loaded, else classic search), "single-shot" or "classic".</summary>
    public string Strategy { get; set; } = "auto";

    /// <summary>Keep focus after focusing (periodic estimates, corrections outside the dead band).</summary>
    public bool Track { get; set; } = true;

    /// <summary>Unix socket path; empty means $RUNTIME_DIRECTORY/control.sock (systemd) or the user's runtime directory.</summary>
    public string? ControlSocket { get; set; }
}

/// <summary>The "Model" section: which objective profile is mounted and which network estimates its defocus.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>Objective profile name (20x-0.75, 40x-0.65).</summary>
    public string Objective { get; set; } = "20x-0.75";

    /// <summary>Model file; empty means models/ldse-net-&lt;objective&gt;.&lt;precision&gt;.onnx beside focusctl.</summary>
    public string? Path { get; set; }

    /// <summary>int8 (default, fastest on ARM) or fp32.</summary>
    public string Precision { get; set; } = "int8";

    /// <summary>ONNX Runtime intra-op threads, 1 to 16.</summary>
    public int Threads { get; set; } = 2;

    /// <summary>Views of each patch averaged per estimate: 1 (as seen), 4 (quarter turns) or 8 (and mirrored).</summary>
    public int Views { get; set; } = 1;
}

/// <summary>The "Panel" section: the optional push button and status LED on GPIO (BCM numbering).</summary>
public sealed class PanelOptions
{
    public const string Section = "Panel";

    /// <summary>GPIO of the "focus now" button (to ground, internal pull-up); null when none is fitted.</summary>
    public int? ButtonPin { get; set; }

    /// <summary>GPIO of the status LED (active high); null when none is fitted.</summary>
    public int? LedPin { get; set; }

    /// <summary>Button debounce, milliseconds (5 to 500).</summary>
    public int DebounceMs { get; set; } = 50;
}
