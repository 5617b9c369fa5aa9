; Windows installer for Recon (Inno Setup 6). Packs the PyInstaller one-folder build
; (dist\recon-app, from tools/build_and_check.py) into dist\installer\recon-app-VERSION-setup.exe.
; Build:  ISCC.exe /DAppVersion=0.1.0 packaging\recon.iss   (the release workflow does this)
; recon-app.exe is the CLI (add {app} to PATH by hand to use it from a terminal); Recon.exe opens
; the app without a console window. Per-user install by default (no admin prompt); the user's data (%LOCALAPPDATA%\Recon: ledger,
; logs) is outside {app} and survives uninstall and upgrades.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C1B7F0E-3D52-4C8B-9A51-2E7A0B4F9D13}
AppName=Recon
AppVersion={#AppVersion}
AppVerName=Recon {#AppVersion}
AppPublisher=Recon
DefaultDirName={autopf}\Recon
DefaultGroupName=Recon
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=recon-app-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Recon.exe
UninstallDisplayName=Recon {#AppVersion}

[Languages]
; Korean first: most users are Korean shop owners. Korean.isl ships with Inno Setup 6's official
; translations; the check keeps an older compiler building in English only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Korean.isl")
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\recon-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle as a whole: no stale library from an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
; Recon.exe: the windowed twin of recon-app.exe (build.spec), so no console window opens.
Name: "{autoprograms}\Recon"; Filename: "{app}\Recon.exe"
Name: "{autodesktop}\Recon"; Filename: "{app}\Recon.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Recon.exe"; Description: "{cm:LaunchProgram,Recon}"; Flags: nowait postinstall skipifsilent
