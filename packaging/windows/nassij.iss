; Inno Setup 6 script: the Windows installer of Nassij Desktop, made from PyInstaller's folder.
;
;     pyinstaller --noconfirm packaging\nassij.spec          (gives dist\nassij)
;     iscc /DAppVersion=0.1.0 packaging\windows\nassij.iss   (gives dist\nassij-setup-0.1.0.exe)
;
; Installs for the current user only, without administrator rights (a secretary's account on
; the association's laptop): into %LOCALAPPDATA%\Programs\Nassij Desktop, a Start-menu entry,
; and the association file (*.sqlite) opening with the program on a double-click. The
; uninstaller removes the program and its registry entries, never the association files,
; backups and settings (in %LOCALAPPDATA%\NassijDesktop, which setup never installs).

; Inno Setup 6.4.1 or later: the Arabic wizard (Languages\Arabic.isl, right to left) is one
; of its official translations from that version on, and a UTF-8 script needs no BOM (6.3).
#if Ver < EncodeVer(6, 4, 1)
  #error Inno Setup 6.4.1 or later is needed (its official Arabic translation)
#endif

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Nassij Desktop"
#define AppExe "nassij-desktop.exe"
#define ProgId "NassijDesktop.Association"
#define Bundle "..\..\dist\nassij"

[Setup]
; The AppId identifies the program across versions (upgrades, uninstall): never change it.
AppId={{5E0D7C3A-2B8F-4C61-9A4E-7D3F1B6C8A21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Nassij
AppVerName={#AppName} {#AppVersion}
; Per-user install, no UAC prompt: {autopf} is then {userpf} (%LOCALAPPDATA%\Programs),
; {autoprograms} the user's Start menu and HKA the user's registry hive (HKCU).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
; Explorer refreshes the file types at the end of install and uninstall.
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=nassij-setup-{#AppVersion}
SetupIconFile=..\icons\nassij.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running Nassij holds its files open: ask to close it before replacing them.
CloseApplications=yes
RestartApplications=no

[Languages]
; Setup starts in the language of Windows' interface when it is one of these (LanguageID of
; the .isl), else in the first; the language dialog lets the user change it. Arabic.isl says
; RightToLeft=yes: the whole wizard is mirrored.
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
; The Start-menu entry, its tooltip and the association file's type as Explorer shows them,
; in the language setup ran in (the application's own catalogs say the same: "Nassij
; Desktop" is نسيج in Arabic; the Linux MIME type's comments).
fr.AppMenuName=Nassij Desktop
ar.AppMenuName=نسيج
en.AppMenuName=Nassij Desktop
fr.AppComment=Adhérents, cotisations, instances, activités, subventions, comptabilité et documents de l'association
ar.AppComment=المنخرطون والواجبات والمكتب والأنشطة والدعم والمحاسبة ووثائق الجمعية
en.AppComment=Members, dues, governance, activities, funding, books and documents of an association
fr.AssociationFile=Fichier d'association Nassij
ar.AssociationFile=ملف جمعية (نسيج)
en.AssociationFile=Nassij association file

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder bundle: both programs (nassij-desktop.exe, nassij.exe) and _internal.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade starts from a clean program folder (a library dropped by the new version must
; not linger); {app} only ever holds the bundle.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{cm:AppMenuName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{cm:AppMenuName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Registry]
; The association file. Its extension is the generic .sqlite (what the program writes), so
; the program is added to the extension's "Open with" list and made its default through its
; own ProgId, in the user's own classes (HKA = HKCU here); uninstalling removes the ProgId
; and the value, never the files.
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.sqlite"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:AssociationFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; The program under Applications (Explorer's "Open with" list): its name there, the types it
; opens; the whole key goes at uninstall (uninsdeletekey on SupportedTypes alone left it).
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{cm:AppMenuName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".sqlite"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the association files, their backups and the settings stay where the
; program keeps them (%LOCALAPPDATA%\NassijDesktop), for a reinstall or another computer.
