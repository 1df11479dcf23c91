; Lokal for Windows: a per-user installer made with Inno Setup 6.3 or newer.
;
; Build the bundle first (packaging/build_bundle.py in an environment holding the
; `cpu` or `cuda` llama-cpp-python wheel, see packaging/README.md), then:
;
;   python packaging\build_bundle.py --variant cpu     (refuses a bundle without that build)
;   iscc /DVariant=cpu  /DAppVersion=0.1.0 installer\windows\lokal.iss
;   iscc /DVariant=cuda /DAppVersion=0.1.0 /DBundleDir=..\..\dist-cuda\lokal installer\windows\lokal.iss
;
; Output: dist\Lokal-<version>-windows-x64-<variant>.exe
;
; No administrator rights: the program goes to %LOCALAPPDATA%\Programs\Lokal and the
; Start menu entry and file associations are the user's own (HKCU). The user's data
; (%LOCALAPPDATA%\Lokal: conversations, models, settings, logs) is never touched by
; installing, upgrading or uninstalling.

#ifndef Variant
  #define Variant "cpu"
#endif
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\lokal"
#endif

#if Variant == "cuda"
  #define VariantName "NVIDIA GPU (CUDA)"
#elif Variant == "cpu"
  #define VariantName "CPU"
#else
  #error Variant must be "cpu" or "cuda"
#endif
; The bundle must hold the build this installer names (build_bundle.py --variant checks
; the rest: the CPU variants with a baseline for old processors).
#if Variant == "cuda"
  #if !FileExists(AddBackslash(BundleDir) + "_internal\llama_cpp\lib\ggml-cuda.dll")
    #error The bundle has no ggml-cuda.dll: build it from the cuda wheel
  #endif
#endif

[Setup]
; One AppId for both variants: installing the other variant replaces this one.
AppId={{5B0C7A3E-2F64-4C59-9E1D-7A4B3C2D1E0F}
AppName=Lokal
AppVersion={#AppVersion}
AppVerName=Lokal {#AppVersion} ({#VariantName})
AppPublisher=Lokal
PrivilegesRequired=lowest
DefaultDirName={userpf}\Lokal
DefaultGroupName=Lokal
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=Lokal-{#AppVersion}-windows-x64-{#Variant}
SetupIconFile=..\..\resources\icons\lokal.ico
UninstallDisplayIcon={app}\Lokal.exe
UninstallDisplayName=Lokal ({#VariantName})
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes
#if Variant == "cuda"
InfoBeforeFile=cuda-notes.txt
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "Offer Lokal in ""Open with"" for PDF, Word, Markdown and text files"; GroupDescription: "Files:"
Name: "gguf"; Description: "Open GGUF model files with Lokal"; GroupDescription: "Files:"

[Files]
; The whole PyInstaller folder: Lokal.exe (window), lokal-cli.exe (terminal), _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the old program files (never the data folder).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Lokal"; Filename: "{app}\Lokal.exe"; Comment: "Private, offline chat with gpt-oss"
Name: "{autodesktop}\Lokal"; Filename: "{app}\Lokal.exe"; Tasks: desktopicon

[Registry]
; HKA is HKEY_CURRENT_USER in a per-user install. Lokal never becomes the default
; program for PDF, Word or text files: it is only offered in "Open with".
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Lokal"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Lokal.exe"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\SupportedTypes"; ValueType: string; ValueName: ".md"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\Lokal.exe\SupportedTypes"; ValueType: string; ValueName: ".gguf"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "Lokal.Document"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: string; ValueName: "Lokal.Document"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.md\OpenWithProgids"; ValueType: string; ValueName: "Lokal.Document"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithProgids"; ValueType: string; ValueName: "Lokal.Document"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Lokal.Document"; ValueType: string; ValueName: ""; ValueData: "Document for Lokal"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Lokal.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Lokal.exe,0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Lokal.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Lokal.exe"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.gguf"; ValueType: string; ValueName: ""; ValueData: "Lokal.GGUF"; Flags: uninsdeletevalue; Tasks: gguf
Root: HKA; Subkey: "Software\Classes\Lokal.GGUF"; ValueType: string; ValueName: ""; ValueData: "GGUF language model"; Flags: uninsdeletekey; Tasks: gguf
Root: HKA; Subkey: "Software\Classes\Lokal.GGUF\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\Lokal.exe,0"; Tasks: gguf
Root: HKA; Subkey: "Software\Classes\Lokal.GGUF\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\Lokal.exe"" ""%1"""; Tasks: gguf

[Run]
Filename: "{app}\Lokal.exe"; Description: "{cm:LaunchProgram,Lokal}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; Stop a running engine so its files can be deleted; the data folder is not named here.
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM Lokal.exe"; Flags: runhidden; RunOnceId: "StopLokal"

; There is deliberately no [UninstallDelete] entry: the uninstaller removes only the
; files it installed. %LOCALAPPDATA%\Lokal (conversations, models, settings, logs) stays.
