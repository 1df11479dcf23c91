<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AttachmentBar</name>
    <message>
        <location filename="../../app/ui/attachments.py" line="49"/>
        <source>Documents (%1)</source>
        <translation>Dokumente (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="51"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="214"/>
        <source>Attach…</source>
        <translation>Anhängen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="215"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="217"/>
        <source>Attach documents to this conversation (or drop files or folders on the chat)</source>
        <translation>Dokumente an diese Unterhaltung anhängen (oder Dateien und Ordner auf den Chat ziehen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="227"/>
        <source>Attach documents</source>
        <translation>Dokumente anhängen</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <location filename="../../app/ui/attachments.py" line="163"/>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="163"/>
        <source>%1: reading</source>
        <translation>%1: wird gelesen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="167"/>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="169"/>
        <source>%1 pages</source>
        <translation>%1 Seiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="171"/>
        <source>%1: ready, %2.</source>
        <translation>%1: bereit, %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="180"/>
        <source>%1 could not be attached: %2</source>
        <translation>%1 konnte nicht angehängt werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="189"/>
        <source>Attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="190"/>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="191"/>
        <source>Remove %1 from this conversation</source>
        <translation>%1 aus dieser Unterhaltung entfernen</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="394"/>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="395"/>
        <source>Show earlier messages (%1)</source>
        <translation>Frühere Nachrichten zeigen (%1)</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <location filename="../../app/ui/code_block.py" line="131"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="132"/>
        <source>Copy code to the clipboard</source>
        <translation>Code in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="133"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="134"/>
        <location filename="../../app/ui/code_block.py" line="139"/>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="158"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../app/ui/composer.py" line="35"/>
        <source>Ask anything — Enter sends, Shift+Enter adds a line</source>
        <translation>Fragen Sie etwas — Eingabe sendet, Umschalt+Eingabe beginnt eine neue Zeile</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="36"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="120"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="121"/>
        <source>Start a new conversation</source>
        <translation>Eine neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="122"/>
        <source>Search all chats (Ctrl+F)</source>
        <translation>Alle Chats durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="123"/>
        <source>Search all conversations</source>
        <translation>Alle Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="124"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="126"/>
        <source>Enter opens, F2 renames, Delete deletes the selected conversation</source>
        <translation>Eingabe öffnet, F2 benennt um, Entf löscht die gewählte Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="167"/>
        <source>No messages match.</source>
        <translation>Keine Nachricht passt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="191"/>
        <source>Rename conversation</source>
        <translation>Unterhaltung umbenennen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="191"/>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="208"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="209"/>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="211"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>DocumentAttacher</name>
    <message>
        <location filename="../../app/ui/attacher.py" line="208"/>
        <source>%1 is already attached.</source>
        <translation>%1 ist bereits angehängt.</translation>
    </message>
</context>
<context>
    <name>DownloadResumer</name>
    <message>
        <location filename="../../app/ui/download_resume.py" line="35"/>
        <source>%1&apos;s download is paused: offline mode is on.</source>
        <translation>Der Download von %1 ist angehalten: Der Offline-Modus ist an.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="37"/>
        <source>The downloads of %1 are paused: offline mode is on.</source>
        <translation>Die Downloads von %1 sind angehalten: Der Offline-Modus ist an.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="52"/>
        <source>Resuming the download of %1.</source>
        <translation>Der Download von %1 wird fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="56"/>
        <source>Download paused: %1. Open File → Models… to resume it.</source>
        <translation>Download angehalten: %1. Unter Datei → Modelle… können Sie ihn fortsetzen.</translation>
    </message>
</context>
<context>
    <name>DownloadThread</name>
    <message>
        <location filename="../../app/ui/download_worker.py" line="50"/>
        <source>The download stopped unexpectedly (%1).</source>
        <translation>Der Download wurde unerwartet unterbrochen (%1).</translation>
    </message>
</context>
<context>
    <name>ErrorBlock</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="345"/>
        <source>The answer failed.</source>
        <translation>Die Antwort ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="348"/>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="349"/>
        <source>Try this answer again</source>
        <translation>Diese Antwort erneut versuchen</translation>
    </message>
</context>
<context>
    <name>ExtractionWorker</name>
    <message>
        <location filename="../../app/ui/attacher.py" line="82"/>
        <source>The conversation was deleted before the file was read.</source>
        <translation>Die Unterhaltung wurde gelöscht, bevor die Datei gelesen war.</translation>
    </message>
    <message>
        <location filename="../../app/ui/attacher.py" line="86"/>
        <source>%1 was read but could not be saved (%2).</source>
        <translation>%1 wurde gelesen, konnte aber nicht gespeichert werden (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/attacher.py" line="105"/>
        <source>Not removed (%1).</source>
        <translation>Nicht entfernt (%1).</translation>
    </message>
</context>
<context>
    <name>InferenceWorker</name>
    <message>
        <location filename="../../app/ui/inference_worker.py" line="74"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/inference_worker.py" line="82"/>
        <source>The model could not be loaded: %1</source>
        <translation>Das Modell konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/inference_worker.py" line="106"/>
        <source>The question could not be saved: %1</source>
        <translation>Die Frage konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/inference_worker.py" line="133"/>
        <source>The answer could not be produced: %1</source>
        <translation>Die Antwort konnte nicht erzeugt werden: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="103"/>
        <source>Some settings were unreadable and were reset: %1</source>
        <translation>Einige Einstellungen waren unlesbar und wurden zurückgesetzt: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="219"/>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="220"/>
        <source>&amp;Stop</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="221"/>
        <source>Stop answering</source>
        <translation>Antwort anhalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="222"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="223"/>
        <source>Undo deleting the conversation</source>
        <translation>Löschen der Unterhaltung rückgängig machen</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="224"/>
        <location filename="../../app/ui/main_window.py" line="225"/>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="227"/>
        <source>Editing a question: sending makes a new version; the old one stays.</source>
        <translation>Frage wird bearbeitet: Senden legt eine neue Fassung an, die alte bleibt erhalten.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="230"/>
        <location filename="../../app/ui/main_window.py" line="523"/>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="274"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="293"/>
        <source>Open a model</source>
        <translation>Ein Modell öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="295"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="410"/>
        <source>Settings could not be saved: %1</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="455"/>
        <source>Stop the answer first to switch conversations.</source>
        <translation>Halten Sie zuerst die Antwort an, um die Unterhaltung zu wechseln.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="482"/>
        <location filename="../../app/ui/main_window.py" line="602"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="547"/>
        <source>Open a conversation to export it.</source>
        <translation>Öffnen Sie eine Unterhaltung, um sie zu exportieren.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="553"/>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="555"/>
        <source>Markdown (*.md);;JSON, every branch and setting (*.json)</source>
        <translation>Markdown (*.md);;JSON, mit allen Zweigen und Einstellungen (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="580"/>
        <source>Load a model first: File → Open model…</source>
        <translation>Laden Sie zuerst ein Modell: Datei → Modell öffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="730"/>
        <source>About Lokal</source>
        <translation>Über Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="732"/>
        <source>Lokal runs OpenAI&apos;s open-weight gpt-oss models on this computer. Your conversations and documents never leave it.</source>
        <translation>Lokal führt die offenen gpt-oss-Modelle von OpenAI auf diesem Computer aus. Ihre Unterhaltungen und Dokumente verlassen ihn nie.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="360"/>
        <source>%1 is installed.</source>
        <translation>%1 ist installiert.</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="139"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="140"/>
        <source>Reasoning</source>
        <translation>Denkweg</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="141"/>
        <source>Show or hide the reasoning</source>
        <translation>Denkweg zeigen oder verbergen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="142"/>
        <source>Previous version</source>
        <translation>Vorherige Fassung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="143"/>
        <source>Next version</source>
        <translation>Nächste Fassung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="144"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="145"/>
        <source>Copy this message</source>
        <translation>Diese Nachricht kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="146"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="146"/>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="148"/>
        <source>Edit this question and send it again</source>
        <translation>Diese Frage bearbeiten und erneut senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="150"/>
        <source>Answer this question again</source>
        <translation>Diese Frage neu beantworten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="255"/>
        <source>Version %1 of %2</source>
        <translation>Fassung %1 von %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="294"/>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="301"/>
        <source>first token %1 s</source>
        <translation>erstes Token %1 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="307"/>
        <source>reasoning %1 · answer %2 tokens</source>
        <translation>Denken %1 · Antwort %2 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="314"/>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="315"/>
        <source>interrupted (Lokal closed while it was answering)</source>
        <translation>unterbrochen (Lokal wurde während der Antwort beendet)</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <location filename="../../app/ui/model_bar.py" line="53"/>
        <source>Reasoning: low</source>
        <translation>Denken: wenig</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="54"/>
        <source>Reasoning: medium</source>
        <translation>Denken: mittel</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="55"/>
        <source>Reasoning: high</source>
        <translation>Denken: gründlich</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="60"/>
        <source>Reasoning effort</source>
        <translation>Denkaufwand</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="61"/>
        <source>How long the model thinks before it answers</source>
        <translation>Wie lange das Modell nachdenkt, bevor es antwortet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="62"/>
        <source>&amp;Open model…</source>
        <translation>Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="63"/>
        <source>Open a model file</source>
        <translation>Eine Modelldatei öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="64"/>
        <source>Loading progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="65"/>
        <source>Context used by this conversation</source>
        <translation>Von dieser Unterhaltung belegter Kontext</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="85"/>
        <source>No model loaded. Open a GGUF file to start, e.g. gpt-oss-20b-mxfp4.gguf.</source>
        <translation>Kein Modell geladen. Öffnen Sie eine GGUF-Datei, z. B. gpt-oss-20b-mxfp4.gguf.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="91"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="106"/>
        <source>Context %1 / %2</source>
        <translation>Kontext %1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="109"/>
        <source>This conversation fills %1 of the model&apos;s %2 tokens of context.</source>
        <translation>Diese Unterhaltung belegt %1 der %2 Tokens Kontext des Modells.</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../app/ui/model_manager.py" line="124"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="128"/>
        <source>Models are kept in %1. Downloads are checked against the Hugging Face Hub&apos;s checksums and continue where they stopped.</source>
        <translation>Modelle werden in %1 gespeichert. Downloads werden mit den Prüfsummen des Hugging Face Hub abgeglichen und setzen dort fort, wo sie unterbrochen wurden.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="134"/>
        <source>Import GGUF file…</source>
        <translation>GGUF-Datei importieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="135"/>
        <source>Hugging Face token…</source>
        <translation>Hugging-Face-Token…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="136"/>
        <source>Offline mode (no network connections at all)</source>
        <translation>Offline-Modus (keinerlei Netzwerkverbindungen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="137"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="226"/>
        <source>%1 is installed.</source>
        <translation>%1 ist installiert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="256"/>
        <source>Offline mode is on</source>
        <translation>Der Offline-Modus ist eingeschaltet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="259"/>
        <source>Lokal is in offline mode, so it opens no network connections. Turn offline mode off and download %1?</source>
        <translation>Lokal ist im Offline-Modus und baut daher keine Netzwerkverbindungen auf. Offline-Modus ausschalten und %1 herunterladen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="272"/>
        <source>It will not fit</source>
        <translation>Passt nicht auf diesen Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="275"/>
        <source>Download %1 anyway?</source>
        <translation>%1 trotzdem herunterladen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="285"/>
        <source>Stop downloading %1 and delete what was downloaded so far?</source>
        <translation>Den Download von %1 abbrechen und das bisher Heruntergeladene löschen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="288"/>
        <source>Cancel the download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="287"/>
        <source>Delete what was downloaded of %1 so far?</source>
        <translation>Das bisher Heruntergeladene von %1 löschen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="301"/>
        <source>Remove %1 from Lokal? The file stays at %2.</source>
        <translation>%1 aus Lokal entfernen? Die Datei bleibt unter %2 erhalten.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="304"/>
        <source>Delete %1? This frees %2.</source>
        <translation>%1 löschen? Dadurch werden %2 frei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="305"/>
        <location filename="../../app/ui/model_manager.py" line="325"/>
        <source>Delete model</source>
        <translation>Modell löschen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="311"/>
        <source>%1 is removed from Lokal; its file stays.</source>
        <translation>%1 ist aus Lokal entfernt; die Datei bleibt erhalten.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="315"/>
        <source>%1 is deleted; %2 freed.</source>
        <translation>%1 ist gelöscht; %2 wurden frei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="338"/>
        <source>Import a GGUF model</source>
        <translation>Ein GGUF-Modell importieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="338"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF-Modelle (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="347"/>
        <location filename="../../app/ui/model_manager.py" line="353"/>
        <source>Import GGUF file</source>
        <translation>GGUF-Datei importieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="354"/>
        <source>%1 could not be imported: %2</source>
        <translation>%1 konnte nicht importiert werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="357"/>
        <source>Imported %1: %2.</source>
        <translation>%1 importiert: %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="364"/>
        <source>Hugging Face token</source>
        <translation>Hugging-Face-Token</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="366"/>
        <source>A token is needed only for gated or private models. It is kept in the system keyring, never in a file.</source>
        <translation>Ein Token wird nur für zugangsbeschränkte oder private Modelle benötigt. Es wird im Schlüsselbund des Systems aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="376"/>
        <source>The token is stored in the system keyring.</source>
        <translation>Das Token ist im Schlüsselbund des Systems gespeichert.</translation>
    </message>
</context>
<context>
    <name>ModelRow</name>
    <message>
        <location filename="../../app/ui/model_row.py" line="52"/>
        <source>harmony format</source>
        <translation>Harmony-Format</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="53"/>
        <source>reasoning effort</source>
        <translation>Denkaufwand</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="54"/>
        <source>tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="57"/>
        <source>plain chat model</source>
        <translation>einfaches Chat-Modell</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="64"/>
        <source>%1 of %2 %3</source>
        <translation>%1 von %2 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="75"/>
        <source>Asking the Hugging Face Hub…</source>
        <translation>Anfrage an den Hugging Face Hub…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="79"/>
        <source>(part %1 of %2)</source>
        <translation>(Teil %1 von %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="82"/>
        <source>Checking what was already downloaded%1 · %2</source>
        <translation>Bereits Heruntergeladenes wird geprüft%1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="85"/>
        <source>Downloading%1 %2</source>
        <translation>Wird heruntergeladen%1 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="91"/>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="144"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="145"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="146"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="147"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="148"/>
        <source>Use by default</source>
        <translation>Als Standard verwenden</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="149"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="150"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="176"/>
        <source>Checking this computer…</source>
        <translation>Dieser Computer wird geprüft…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="195"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="198"/>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="198"/>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="200"/>
        <source>used by default</source>
        <translation>als Standard verwendet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="202"/>
        <source>Cannot be used: %1</source>
        <translation>Nicht verwendbar: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="205"/>
        <source>Paused at %1.</source>
        <translation>Angehalten bei %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="208"/>
        <source>Not downloaded.</source>
        <translation>Nicht heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="212"/>
        <source>%1 Press Resume to continue.</source>
        <translation>%1 Klicken Sie auf „Fortsetzen“, um weiterzumachen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="237"/>
        <source>Checking whether it fits this computer first…</source>
        <translation>Zuerst wird geprüft, ob es auf diesen Computer passt…</translation>
    </message>
</context>
<context>
    <name>PassageDialog</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="113"/>
        <source>Passage text</source>
        <translation>Text der Textstelle</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="115"/>
        <source>&amp;Open file</source>
        <translation>Datei ö&amp;ffnen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="34"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="40"/>
        <source>For example: Answer in German. Keep answers short. Cite the page.</source>
        <translation>Zum Beispiel: Antworte auf Deutsch. Fasse dich kurz. Nenne die Seite.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="42"/>
        <source>Instructions for every conversation</source>
        <translation>Anweisungen für jede Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="49"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="54"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="57"/>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="58"/>
        <source>Automatic (fits this computer)</source>
        <translation>Automatisch (passend für diesen Computer)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="61"/>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="67"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="69"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="72"/>
        <source>Theme</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="74"/>
        <location filename="../../app/ui/settings_dialog.py" line="84"/>
        <source>Like the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="75"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="76"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="82"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="91"/>
        <source>Work offline: never connect to the network</source>
        <translation>Offline arbeiten: nie mit dem Netzwerk verbinden</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="92"/>
        <source>Work offline</source>
        <translation>Offline arbeiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="96"/>
        <source>&amp;Instructions:</source>
        <translation>&amp;Anweisungen:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="97"/>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="98"/>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="99"/>
        <source>&amp;Context length:</source>
        <translation>&amp;Kontextlänge:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>T&amp;hreads:</source>
        <translation>T&amp;hreads:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="101"/>
        <source>The&amp;me:</source>
        <translation>E&amp;rscheinungsbild:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="102"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="106"/>
        <source>Context length and threads take effect when the model is loaded again; Lokal reloads it for you.</source>
        <translation>Kontextlänge und Threads wirken, sobald das Modell neu geladen ist; Lokal lädt es dafür neu.</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="42"/>
        <source>section “%1”</source>
        <translation>Abschnitt „%1“</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="45"/>
        <source>pages %1–%2</source>
        <translation>Seiten %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="46"/>
        <source>lines %1–%2</source>
        <translation>Zeilen %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="47"/>
        <source>paragraphs %1–%2</source>
        <translation>Absätze %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="51"/>
        <source>page %1</source>
        <translation>Seite %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="52"/>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="53"/>
        <source>paragraph %1</source>
        <translation>Absatz %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="144"/>
        <source>Sources:</source>
        <translation>Quellen:</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="148"/>
        <source>Source %1: %2</source>
        <translation>Quelle %1: %2</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <location filename="../../app/ui/store_worker.py" line="30"/>
        <source>The conversation could not be deleted: %1</source>
        <translation>Die Unterhaltung konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/store_worker.py" line="48"/>
        <source>%1 could not be written: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/store_worker.py" line="51"/>
        <source>The conversation could not be exported: %1</source>
        <translation>Die Unterhaltung konnte nicht exportiert werden: %1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="53"/>
        <source>Welcome to Lokal</source>
        <translation>Willkommen bei Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="56"/>
        <source>Lokal answers with OpenAI&apos;s gpt-oss model, running on this computer. To begin, download gpt-oss-20b once (about 12 GB; Lokal checks that it fits this computer first, and the download resumes if interrupted), or open a GGUF file you already have.</source>
        <translation>Lokal antwortet mit dem gpt-oss-Modell von OpenAI, das auf diesem Computer läuft. Laden Sie zu Beginn einmal gpt-oss-20b herunter (etwa 12 GB; Lokal prüft vorher, ob es auf diesen Computer passt, und ein unterbrochener Download wird fortgesetzt) oder öffnen Sie eine vorhandene GGUF-Datei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="62"/>
        <source>Download gpt-oss-20b…</source>
        <translation>gpt-oss-20b herunterladen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="63"/>
        <source>Download the model</source>
        <translation>Das Modell herunterladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="64"/>
        <source>Open a GGUF file…</source>
        <translation>Eine GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="65"/>
        <source>Open a model file</source>
        <translation>Eine Modelldatei öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="68"/>
        <source>Nothing you type or attach leaves this computer. Conversations are kept in Lokal&apos;s folder until you delete them.</source>
        <translation>Nichts, was Sie eingeben oder anhängen, verlässt diesen Computer. Unterhaltungen bleiben in Lokals Ordner, bis Sie sie löschen.</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../app/ui/window_menus.py" line="58"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="59"/>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="60"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="62"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="63"/>
        <source>&amp;Open model…</source>
        <translation>Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="64"/>
        <source>&amp;Models…</source>
        <translation>&amp;Modelle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="65"/>
        <source>&amp;Attach files…</source>
        <translation>Dateien &amp;anhängen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="66"/>
        <source>&amp;Export conversation…</source>
        <translation>Unterhaltung &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="67"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="68"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="69"/>
        <source>&amp;Search all chats</source>
        <translation>Alle Chats &amp;durchsuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="70"/>
        <source>S&amp;top answering</source>
        <translation>Antwort an&amp;halten</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="71"/>
        <source>&amp;Regenerate the last answer</source>
        <translation>Letzte Antwort &amp;neu erzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="72"/>
        <source>Re&amp;name conversation…</source>
        <translation>Unterhaltung &amp;umbenennen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="73"/>
        <source>&amp;Delete conversation</source>
        <translation>Unterhaltung &amp;löschen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="74"/>
        <source>&amp;About Lokal</source>
        <translation>&amp;Über Lokal</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../app/core/update_notice.py" line="59"/>
        <source>Updated to %1</source>
        <translation>Aktualisiert auf %1</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="44"/>
        <source>A context of %1 tokens is not possible; ask for at least 1.</source>
        <extracomment>Common memory sizes, for &quot;use a computer with 16 GB or more&quot;.</extracomment>
        <translation>Ein Kontext von %1 Tokens ist nicht möglich; wählen Sie mindestens 1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="51"/>
        <source>%1 handles at most %2 tokens of context; %3 were asked for.</source>
        <translation>%1 verarbeitet höchstens %2 Tokens Kontext; verlangt waren %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="60"/>
        <source>The number of GPU layers cannot be negative (%1 was asked for).</source>
        <translation>Die Zahl der GPU-Schichten kann nicht negativ sein (verlangt war %1).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="67"/>
        <source>At least one thread is needed (%1 was asked for).</source>
        <translation>Mindestens ein Thread ist nötig (verlangt war %1).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="72"/>
        <source>The KV cache type must be one of %1, not %2.</source>
        <translation>Der KV-Cache-Typ muss einer von %1 sein, nicht %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="81"/>
        <source>%1 GPU layers were asked for, but this computer has no GPU that Lokal can use.</source>
        <translation>%1 GPU-Schichten waren verlangt, aber dieser Computer hat keine GPU, die Lokal nutzen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="89"/>
        <source>%1 GPU layers need</source>
        <translation>%1 GPU-Schichten brauchen</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="93"/>
        <source>Attention on the GPU with the experts in RAM needs</source>
        <translation>Attention auf der GPU mit den Experten im RAM braucht</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="98"/>
        <source>%1 %2 of GPU memory, but the %3 GPU can spare %4. Ask for fewer layers or let Lokal choose.</source>
        <translation>%1 %2 GPU-Speicher, aber die %3-GPU hat %4 frei. Wählen Sie weniger Schichten oder lassen Sie Lokal entscheiden.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="113"/>
        <source>A context of %1 tokens needs %2 of free memory; this computer has %3. %4 tokens would fit.</source>
        <translation>Ein Kontext von %1 Tokens braucht %2 freien Speicher; dieser Computer hat %3. %4 Tokens würden passen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="124"/>
        <source>A context of %1 tokens needs %2 of free memory; this computer has %3.</source>
        <translation>Ein Kontext von %1 Tokens braucht %2 freien Speicher; dieser Computer hat %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="137"/>
        <source>This computer has %1 of free memory; %2 needs at least %3. Close other programs or use a bigger computer.</source>
        <translation>Dieser Computer hat %1 freien Speicher; %2 braucht mindestens %3. Schließen Sie andere Programme oder nutzen Sie einen größeren Computer.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="147"/>
        <source>This computer has %1 of free memory; %2 needs at least %3. Close other programs or use a computer with %4 GB or more.</source>
        <translation>Dieser Computer hat %1 freien Speicher; %2 braucht mindestens %3. Schließen Sie andere Programme oder nutzen Sie einen Computer mit %4 GB oder mehr.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="161"/>
        <source>the system</source>
        <translation>das System</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="166"/>
        <source>%1 lets the GPU use about %2 % of the %3 memory (%4)</source>
        <translation>%1 lässt die GPU etwa %2 % der %3 Speicher nutzen (%4)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="173"/>
        <source>%1 lets the GPU use %2 of the %3 memory</source>
        <translation>%1 lässt die GPU %2 der %3 Speicher nutzen</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="204"/>
        <source>%1 An 8-bit cache makes room for %2 tokens of context.</source>
        <translation>%1 Ein 8-Bit-Cache schafft Platz für %2 Tokens Kontext.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="210"/>
        <source>%1 The context is cut to %2 tokens, with an 8-bit cache, to fit in memory.</source>
        <translation>%1 Der Kontext wird auf %2 Tokens gekürzt, mit einem 8-Bit-Cache, damit er in den Speicher passt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="217"/>
        <source>%1 The context is cut to %2 tokens to fit in memory.</source>
        <translation>%1 Der Kontext wird auf %2 Tokens gekürzt, damit er in den Speicher passt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="239"/>
        <source>The CPU runs the model with %1 threads, as requested (%2 of %3 free memory).</source>
        <translation>Der Prozessor führt das Modell wie gewünscht mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="244"/>
        <source>The GPU is too small to help, so the CPU runs the model with %1 threads (%2 of %3 free memory).</source>
        <translation>Die GPU ist zu klein, um zu helfen; der Prozessor führt das Modell mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="250"/>
        <source>No usable GPU was found, so the CPU runs the model with %1 threads (%2 of %3 free memory).</source>
        <translation>Keine nutzbare GPU gefunden; der Prozessor führt das Modell mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="260"/>
        <source>The whole model runs on the GPU (%1), as requested: %2.</source>
        <translation>Das ganze Modell läuft wie gewünscht auf der GPU (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="267"/>
        <source>The whole model runs on the GPU (%1): %2.</source>
        <translation>Das ganze Modell läuft auf der GPU (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="273"/>
        <source>The whole model runs on the %1 GPU, as requested: it needs %2 of the %3 it can spare.</source>
        <translation>Das ganze Modell läuft wie gewünscht auf der %1-GPU: es braucht %2 der %3, die sie frei hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="279"/>
        <source>The whole model runs on the %1 GPU: it needs %2 of the %3 it can spare.</source>
        <translation>Das ganze Modell läuft auf der %1-GPU: es braucht %2 der %3, die sie frei hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="287"/>
        <source>%1, as requested: the whole model needs %2 and %3.</source>
        <translation>%1, wie gewünscht: das ganze Modell braucht %2, und %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="289"/>
        <source>%1: the whole model needs %2 and %3.</source>
        <translation>%1: das ganze Modell braucht %2, und %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="294"/>
        <source>%1, as requested (%2 of GPU memory).</source>
        <translation>%1, wie gewünscht (%2 GPU-Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="299"/>
        <source>%1: the %2 GPU is too small for the whole model (%3 needed, %4 to spare).</source>
        <translation>%1: die %2-GPU ist zu klein für das ganze Modell (%3 nötig, %4 frei).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="311"/>
        <source>Experts in RAM, attention on the GPU</source>
        <translation>Experten im RAM, Attention auf der GPU</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="315"/>
        <source>%1 of %2 layers</source>
        <translation>%1 von %2 Schichten</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="317"/>
        <source>Only the output layer</source>
        <translation>Nur die Ausgabeschicht</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="320"/>
        <source>%1 on the GPU with the experts in RAM</source>
        <translation>%1 auf der GPU, die Experten im RAM</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="321"/>
        <source>%1 on the GPU, the rest on the CPU</source>
        <translation>%1 auf der GPU, der Rest auf dem Prozessor</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="64"/>
        <source>Too big for this computer</source>
        <translation>Zu groß für diesen Computer</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="67"/>
        <source>Fits on %1</source>
        <translation>Passt auf %1</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="69"/>
        <source>Fits (processor only)</source>
        <translation>Passt (nur Prozessor)</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="71"/>
        <source>Fits (%1 and RAM)</source>
        <translation>Passt (%1 und RAM)</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="77"/>
        <source>Lokal can say whether it fits once the file is on this computer.</source>
        <translation>Ob es passt, kann Lokal sagen, sobald die Datei auf diesem Computer ist.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="88"/>
        <source>The model file could not be read (%1).</source>
        <translation>Die Modelldatei konnte nicht gelesen werden (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="94"/>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="25"/>
        <source>Lokal is in offline mode; turn it off in the model manager (or with `lokal models offline off`) to download models.</source>
        <translation>Lokal ist im Offline-Modus; schalten Sie ihn im Fenster „Modelle“ aus (oder mit `lokal models offline off`), um Modelle herunterzuladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="104"/>
        <source>%1 asks you to accept its terms on huggingface.co first; then add your Hugging Face token in Lokal.</source>
        <extracomment>the Hub asked for a (different) token: gated, private, or refused</extracomment>
        <translation>Für %1 müssen Sie zuerst die Nutzungsbedingungen auf huggingface.co annehmen; fügen Sie danach Ihr Hugging-Face-Token in Lokal hinzu.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="113"/>
        <source>The Hub has no model called %1 (or it is private and needs a token).</source>
        <translation>Der Hub hat kein Modell namens %1 (oder es ist privat und braucht ein Token).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="119"/>
        <source>The Hub has no such version of %1.</source>
        <translation>Der Hub hat keine solche Version von %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="124"/>
        <source>The Hub refused access to %1; check your Hugging Face token.</source>
        <translation>Der Hub hat den Zugriff auf %1 verweigert; prüfen Sie Ihr Hugging-Face-Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="131"/>
        <source>The Hub is limiting requests right now; try again in a few minutes.</source>
        <translation>Der Hub begrenzt gerade die Anfragen; versuchen Sie es in ein paar Minuten noch einmal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="136"/>
        <source>The Hub answered with an error (HTTP %1) for %2; try again later.</source>
        <translation>Der Hub hat für %2 mit einem Fehler geantwortet (HTTP %1); versuchen Sie es später noch einmal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="146"/>
        <source>Could not reach the Hugging Face Hub at %1 (%2).</source>
        <translation>Der Hugging Face Hub unter %1 war nicht erreichbar (%2).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="194"/>
        <source>The Hub did not say which version of %1 it has.</source>
        <translation>Der Hub hat nicht angegeben, welche Version von %1 er hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="206"/>
        <source>The Hub gave no checksum for %1; Lokal only installs files it can verify.</source>
        <translation>Der Hub hat keine Prüfsumme für %1 angegeben; Lokal installiert nur Dateien, die es prüfen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="217"/>
        <source>%1 has no file that Lokal can use.</source>
        <translation>%1 hat keine Datei, die Lokal nutzen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="69"/>
        <source>%1 is already being downloaded by another Lokal window.</source>
        <extracomment>Flush the part to disk after this many bytes or seconds, whichever comes first: cheap (a flush per 64 MiB), and a power loss costs at most this much of the download.</extracomment>
        <translation>%1 wird bereits von einem anderen Lokal-Fenster heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="184"/>
        <source>Lokal cannot download from %1 addresses.</source>
        <extracomment>request headers (may carry the token: used, never stored)</extracomment>
        <translation>Lokal kann nicht von %1-Adressen herunterladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="187"/>
        <source>Lokal cannot download from this address.</source>
        <translation>Lokal kann nicht von dieser Adresse herunterladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="256"/>
        <source>The server redirected the download too many times.</source>
        <translation>Der Server hat den Download zu oft umgeleitet.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="381"/>
        <source>The server refused the download; check your Hugging Face token.</source>
        <translation>Der Server hat den Download verweigert; prüfen Sie Ihr Hugging-Face-Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="389"/>
        <source>The file is no longer on the server.</source>
        <translation>Die Datei ist nicht mehr auf dem Server.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="394"/>
        <source>The server answered with an error (HTTP %1 %2).</source>
        <translation>Der Server hat mit einem Fehler geantwortet (HTTP %1 %2).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="423"/>
        <source>The connection failed (%1).</source>
        <translation>Die Verbindung ist fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="433"/>
        <source>The server refused the range.</source>
        <translation>Der Server hat den angefragten Bereich abgelehnt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="446"/>
        <source>The server changed the file.</source>
        <translation>Der Server hat die Datei geändert.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="459"/>
        <source>The server&apos;s file has %1 bytes, not the %2 the Hub listed.</source>
        <translation>Die Datei auf dem Server hat %1 Bytes, nicht die %2, die der Hub angegeben hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="495"/>
        <source>The connection broke (%1).</source>
        <translation>Die Verbindung ist abgebrochen (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="501"/>
        <source>The connection closed early.</source>
        <translation>Die Verbindung wurde vorzeitig geschlossen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="509"/>
        <source>The disk is full; free some space and resume the download.</source>
        <translation>Der Datenträger ist voll; schaffen Sie Platz und setzen Sie den Download fort.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="517"/>
        <source>The file could not be written (%1).</source>
        <translation>Die Datei konnte nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="598"/>
        <source>%1 Lokal tried %2 times; resume the download later.</source>
        <translation>%1 Lokal hat es %2-mal versucht; setzen Sie den Download später fort.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="614"/>
        <source>%1 did not match the checksum the Hub listed, so it was not installed; download it again.</source>
        <translation>%1 passte nicht zur Prüfsumme, die der Hub angegeben hat, und wurde daher nicht installiert; laden Sie die Datei noch einmal herunter.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="638"/>
        <source>The download stalled.</source>
        <translation>Der Download kam nicht mehr voran.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="103"/>
        <source>%1 is part of a split model; choose its first part (00001).</source>
        <translation>%1 ist Teil eines geteilten Modells; wählen Sie dessen ersten Teil (00001).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="117"/>
        <source>The split model is incomplete: %1 is missing.</source>
        <translation>Das geteilte Modell ist unvollständig: %1 fehlt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="263"/>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="273"/>
        <source>%1 is already in Lokal as %2.</source>
        <translation>%1 ist bereits als %2 in Lokal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="295"/>
        <source>%1 could not be imported.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="296"/>
        <source>%1 could not be imported: %2</source>
        <translation>%1 konnte nicht importiert werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="316"/>
        <source>There is no model called %1.</source>
        <translation>Es gibt kein Modell namens %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="366"/>
        <source>%1 is missing.</source>
        <translation>%1 fehlt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="381"/>
        <source>%1 does not match its checksum; download it again.</source>
        <translation>%1 passt nicht zu seiner Prüfsumme; laden Sie die Datei noch einmal herunter.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="47"/>
        <source>no secure keyring is available on this computer</source>
        <translation>auf diesem Computer kein sicherer Schlüsselbund verfügbar ist</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="59"/>
        <source>the keyring in use (%1) keeps secrets in a file on disk</source>
        <translation>der verwendete Schlüsselbund (%1) Geheimnisse in einer Datei auf der Festplatte ablegt</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="64"/>
        <source>the keyring in use (%1) is not one Lokal can trust</source>
        <translation>Lokal dem verwendeten Schlüsselbund (%1) nicht vertrauen kann</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="87"/>
        <source>Lokal will not store the token because %1; it is kept in memory until Lokal quits and asked for again next time.</source>
        <translation>Lokal speichert das Token nicht, weil %1; es bleibt bis zum Beenden von Lokal im Arbeitsspeicher und wird beim nächsten Mal erneut abgefragt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="140"/>
        <source>The token is empty.</source>
        <translation>Das Token ist leer.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="151"/>
        <source>The keyring did not store the token (%1); it is kept in memory until Lokal quits.</source>
        <translation>Der Schlüsselbund hat das Token nicht gespeichert (%1); es bleibt bis zum Beenden von Lokal im Arbeitsspeicher.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="123"/>
        <source>%1 lists several model files.</source>
        <extracomment>Free space kept beyond the download itself, for the system and the app&apos;s own files.</extracomment>
        <translation>%1 führt mehrere Modelldateien auf.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="126"/>
        <source>%1 lists parts of different models; Lokal cannot tell which to use.</source>
        <translation>%1 führt Teile verschiedener Modelle auf; Lokal kann nicht erkennen, welche gemeint sind.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="135"/>
        <source>%1 does not list every part of the split model.</source>
        <translation>%1 führt nicht alle Teile des geteilten Modells auf.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="161"/>
        <source>There is not enough free space in %1: the download needs %2 more (and %3 to spare), and only %4 is free.</source>
        <translation>In %1 ist nicht genug Platz frei: Der Download braucht noch %2 (und %3 Reserve), und nur %4 sind frei.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="220"/>
        <source>%1 is already installed.</source>
        <translation>%1 ist bereits installiert.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="263"/>
        <source>The model could not be saved (%1).</source>
        <translation>Das Modell konnte nicht gespeichert werden (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="42"/>
        <source>%1 is password-protected or in the old Word .doc format; save it as an unprotected .docx to attach it.</source>
        <translation>%1 ist passwortgeschützt oder im alten Word-Format .doc; speichern Sie die Datei als ungeschützte .docx, um sie anzuhängen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="58"/>
        <source>%1 holds %2 parts, far more than a document.</source>
        <translation>%1 besteht aus %2 Teilen, weit mehr als ein Dokument.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="67"/>
        <source>%1 would unpack to %2, more than the %3 Lokal allows (a zip bomb?).</source>
        <translation>%1 würde auf %2 entpackt, mehr als die %3, die Lokal erlaubt (eine ZIP-Bombe?).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="80"/>
        <source>%1 contains a part that expands %2 times, which no real document does (a zip bomb?).</source>
        <translation>%1 enthält einen Teil, der sich auf das %2-Fache ausdehnt, was kein echtes Dokument tut (eine ZIP-Bombe?).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="92"/>
        <source>%1 is a zip archive but not a Word document.</source>
        <translation>%1 ist ein ZIP-Archiv, aber kein Word-Dokument.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="125"/>
        <location filename="../../app/core/documents/extract.py" line="121"/>
        <source>%1 has no text in it.</source>
        <translation>%1 enthält keinen Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="131"/>
        <source>%1 is damaged or not really a Word document.</source>
        <translation>%1 ist beschädigt oder kein echtes Word-Dokument.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/extract.py" line="89"/>
        <location filename="../../app/core/documents/csv_table.py" line="28"/>
        <source>%1 is empty.</source>
        <translation>%1 ist leer.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/csv_table.py" line="49"/>
        <source>%1 is not a well-formed table (line %2: %3).</source>
        <translation>%1 ist keine gültige Tabelle (Zeile %2: %3).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="22"/>
        <source>a PNG image</source>
        <translation>ein PNG-Bild</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="23"/>
        <source>a JPEG image</source>
        <translation>ein JPEG-Bild</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="24"/>
        <source>a GIF image</source>
        <translation>ein GIF-Bild</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="25"/>
        <source>a program (ELF)</source>
        <translation>ein Programm (ELF)</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="26"/>
        <source>a Windows program</source>
        <translation>ein Windows-Programm</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="27"/>
        <source>a gzip archive</source>
        <translation>ein gzip-Archiv</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="28"/>
        <source>a zip archive</source>
        <translation>ein ZIP-Archiv</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="29"/>
        <source>a 7-Zip archive</source>
        <translation>ein 7-Zip-Archiv</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="30"/>
        <source>a RAR archive</source>
        <translation>ein RAR-Archiv</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="31"/>
        <source>an SQLite database</source>
        <translation>eine SQLite-Datenbank</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="32"/>
        <source>a GGUF model</source>
        <translation>ein GGUF-Modell</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="84"/>
        <source>%1 is %2, not text.</source>
        <translation>%1 ist %2, kein Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/text.py" line="90"/>
        <source>%1 looks like a binary file, not text.</source>
        <translation>%1 sieht nach einer Binärdatei aus, nicht nach Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/files.py" line="30"/>
        <source>Only the first %1 files were attached.</source>
        <translation>Nur die ersten %1 Dateien wurden angehängt.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/files.py" line="42"/>
        <source>The folder %1 holds no files Lokal can read.</source>
        <translation>Der Ordner %1 enthält keine Dateien, die Lokal lesen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/files.py" line="50"/>
        <source>Only the first %1 files of the folder %2 were attached.</source>
        <translation>Nur die ersten %1 Dateien des Ordners %2 wurden angehängt.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="30"/>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="32"/>
        <source>a pipe (FIFO)</source>
        <translation>eine Pipe (FIFO)</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="34"/>
        <source>a device</source>
        <translation>ein Gerät</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="36"/>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="37"/>
        <source>not a regular file</source>
        <translation>keine gewöhnliche Datei</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="43"/>
        <source>%1 is %2, not a file Lokal can read.</source>
        <translation>%1 ist %2, keine Datei, die Lokal lesen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="51"/>
        <source>%1 is %2, larger than the %3 Lokal reads from one file.</source>
        <translation>%1 ist %2 groß, mehr als die %3, die Lokal aus einer Datei liest.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="84"/>
        <location filename="../../app/core/documents/sandbox.py" line="228"/>
        <source>%1 could not be read (%2).</source>
        <translation>%1 konnte nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="101"/>
        <source>%1 is a link that leads back to itself, so there is no file to read.</source>
        <translation>%1 ist eine Verknüpfung, die auf sich selbst zurückführt; es gibt keine Datei zu lesen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="110"/>
        <source>%1 could not be opened (%2).</source>
        <translation>%1 konnte nicht geöffnet werden (%2).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="118"/>
        <source>%1 no longer exists.</source>
        <translation>%1 existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="120"/>
        <source>Lokal is not allowed to read %1.</source>
        <translation>Lokal darf %1 nicht lesen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/safe_open.py" line="123"/>
        <source>%1 is a folder, not a file Lokal can read.</source>
        <translation>%1 ist ein Ordner, keine Datei, die Lokal lesen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="74"/>
        <source>%1 could not be read (the reader&apos;s answer was garbled).</source>
        <translation>%1 konnte nicht gelesen werden (die Antwort des Leseprozesses war unverständlich).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="100"/>
        <source>%1 does not exist (or is a link to nothing).</source>
        <translation>%1 existiert nicht (oder ist eine Verknüpfung ins Leere).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="131"/>
        <source>%1 holds more text than Lokal takes from one file.</source>
        <translation>%1 enthält mehr Text, als Lokal aus einer Datei übernimmt.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="150"/>
        <source>Reading %1 needed more than the %2 of memory Lokal allows, so Lokal stopped it (the file may be damaged or a decompression bomb).</source>
        <translation>Das Lesen von %1 brauchte mehr als die %2 Speicher, die Lokal erlaubt, daher hat Lokal es abgebrochen (die Datei ist vielleicht beschädigt oder eine Dekompressionsbombe).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="170"/>
        <source>%1 took longer than %2 seconds to read, so Lokal stopped (the file may be damaged or built to stall readers).</source>
        <translation>Das Lesen von %1 dauerte länger als %2 Sekunden, daher hat Lokal abgebrochen (die Datei ist vielleicht beschädigt oder darauf angelegt, Leseprogramme aufzuhalten).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="185"/>
        <source>The reader stopped before it finished %1 (exit code %2).</source>
        <translation>Der Leseprozess hat aufgehört, bevor %1 fertig gelesen war (Exit-Code %2).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="190"/>
        <source>Reading %1 needed more than the %2 of memory Lokal allows, or crashed the reader (the file may be damaged or a decompression bomb).</source>
        <translation>Das Lesen von %1 brauchte mehr als die %2 Speicher, die Lokal erlaubt, oder hat den Leseprozess abstürzen lassen (die Datei ist vielleicht beschädigt oder eine Dekompressionsbombe).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/sandbox.py" line="220"/>
        <source>%1 is nested too deeply to read (the file may be damaged).</source>
        <translation>%1 ist zu tief verschachtelt, um gelesen zu werden (die Datei ist vielleicht beschädigt).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/html_text.py" line="210"/>
        <source>%1 has no visible text.</source>
        <translation>%1 enthält keinen sichtbaren Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="25"/>
        <source>%1 has %2 pages; Lokal reads PDFs of up to %3 pages.</source>
        <translation>%1 hat %2 Seiten; Lokal liest PDFs mit bis zu %3 Seiten.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="50"/>
        <source>%1 has no text layer (it looks scanned or made of images), and Lokal cannot read text from images.</source>
        <translation>%1 hat keine Textebene (die Datei sieht gescannt oder aus Bildern gemacht aus), und Lokal kann keinen Text aus Bildern lesen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="58"/>
        <source>%1 has no pages.</source>
        <translation>%1 hat keine Seiten.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="81"/>
        <source>%1 is protected by a password, so Lokal cannot read it.</source>
        <translation>%1 ist durch ein Passwort geschützt, daher kann Lokal die Datei nicht lesen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="85"/>
        <source>%1 is damaged or not really a PDF.</source>
        <translation>%1 ist beschädigt oder kein echtes PDF.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="86"/>
        <source>%1 could not be opened as a PDF.</source>
        <translation>%1 konnte nicht als PDF geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="92"/>
        <source>Page %1 has no text layer (it may be a scan or an image).</source>
        <translation>Seite %1 hat keine Textebene (vielleicht ein Scan oder ein Bild).</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/pdf.py" line="97"/>
        <source>%1 pages have no text layer (they may be scans or images): %2.</source>
        <translation>%1 Seiten haben keine Textebene (vielleicht Scans oder Bilder): %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/layout.py" line="55"/>
        <source>The server named a file %1, which is not a plain file name; Lokal did not download anything from it.</source>
        <translation>Der Server hat eine Datei %1 genannt, was kein einfacher Dateiname ist; Lokal hat nichts von ihm heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/model.py" line="102"/>
        <source>%1 holds more than %2 characters of text, more than Lokal takes from one file.</source>
        <translation>%1 enthält mehr als %2 Zeichen Text, mehr als Lokal aus einer Datei übernimmt.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/validate.py" line="261"/>
        <source>%1 is not a gpt-oss model; Lokal runs gpt-oss models only.</source>
        <extracomment>arrays validation needs whole (read them with ``read_gguf_header(..., full_arrays=...)``) key -&gt; accepted (type, element type) pairs; ``{arch}`` is replaced by the architecture</extracomment>
        <translation>%1 ist kein gpt-oss-Modell; Lokal führt nur gpt-oss-Modelle aus.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/validate.py" line="281"/>
        <source>This model&apos;s vocabulary lacks %1 of the harmony chat format, so it is not a usable gpt-oss model; Lokal runs gpt-oss models only.</source>
        <translation>Dem Vokabular dieses Modells fehlt %1 aus dem Harmony-Chatformat, daher ist es kein nutzbares gpt-oss-Modell; Lokal führt nur gpt-oss-Modelle aus.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/reader.py" line="135"/>
        <source>The model file is damaged: the name of tensor %1 is not valid UTF-8 text.</source>
        <extracomment>caps far above any real model that keep the work bounded for hostile headers key -&gt; (value type, element type for arrays else None) arrays requested with ``full_arrays``, complete</extracomment>
        <translation>Die Modelldatei ist beschädigt: Der Name von Tensor %1 ist kein gültiger UTF-8-Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/reader.py" line="144"/>
        <source>The model file is damaged: the name of metadata entry %1 is not valid UTF-8 text.</source>
        <translation>Die Modelldatei ist beschädigt: Der Name von Metadateneintrag %1 ist kein gültiger UTF-8-Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/cursor.py" line="48"/>
        <source>The model file is damaged: the metadata key %1 is not valid UTF-8 text.</source>
        <extracomment>How much of a name from a file a sentence shows (a hostile name may be 64 KiB long). A sentence saying which text in the header is not UTF-8, made only when one is not.</extracomment>
        <translation>Die Modelldatei ist beschädigt: Der Metadatenschlüssel %1 ist kein gültiger UTF-8-Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/gguf/cursor.py" line="176"/>
        <source>The model file is damaged: entry %1 of the metadata key %2 is not valid UTF-8 text.</source>
        <translation>Die Modelldatei ist beschädigt: Eintrag %1 des Metadatenschlüssels %2 ist kein gültiger UTF-8-Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_footprint.py" line="118"/>
        <source>The tensor %1 has the unknown ggml type %2.</source>
        <extracomment>The MoE expert weights of one layer (gate, up and down projections, with their biases). The same pattern the runtime hands llama.cpp to keep experts in RAM, so the planner counts exactly the bytes that the override moves. Bytes per KV cache element. q8_0 stores 32 values in 34 bytes (an f16 scale + 32 int8). llama.cpp rounds the cache size up to a multiple of 256 cells. Scratch beyond the tensors we can size: graph metadata, backend workspaces (cuBLAS), small temporaries. llama.cpp reports about 400 MiB of compute buffer for gpt-oss-20b at n_ubatch 512, of which the logits are 393 MiB; this margin makes the estimate generous. Hidden-state-sized activations alive at once in one micro-batch (residual stream, norms, Q/K/V, attention output, router, the active experts&apos; gate/up halves): 16 is a safe upper bound for gpt-oss (4 active experts × 2880 ≈ 4 × n_embd each for gate and up). per repeating layer: weights other than the experts (attention, norms, router) per repeating layer: expert weights (``EXPERT_TENSOR``)</extracomment>
        <translation>Der Tensor %1 hat den unbekannten ggml-Typ %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_footprint.py" line="178"/>
        <source>The model&apos;s header does not say how many layers, heads or hidden units it has, so its memory needs cannot be planned.</source>
        <translation>Der Kopf der Modelldatei gibt nicht an, wie viele Schichten, Köpfe oder versteckte Einheiten das Modell hat; sein Speicherbedarf lässt sich daher nicht planen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/model_setup.py" line="76"/>
        <source>Lokal could not plan how to load %1.</source>
        <translation>Lokal konnte nicht planen, wie %1 geladen wird.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/model_setup.py" line="81"/>
        <source>Lokal could not plan how to load %1: %2</source>
        <translation>Lokal konnte nicht planen, wie %1 geladen wird: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/engine_process.py" line="134"/>
        <source>The engine failed on an internal error.</source>
        <translation>Die Engine ist an einem internen Fehler gescheitert.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/engine_process.py" line="135"/>
        <source>The engine failed: %1</source>
        <translation>Die Engine ist gescheitert: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="10"/>
        <source>The engine was killed (SIGKILL). This usually means the computer ran out of memory: close other programs, or choose a shorter context or a smaller model.</source>
        <translation>Die Engine wurde beendet (SIGKILL). Meist war der Arbeitsspeicher des Computers erschöpft: Schließen Sie andere Programme oder wählen Sie einen kürzeren Kontext oder ein kleineres Modell.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="15"/>
        <source>The engine aborted (SIGABRT): llama.cpp stopped on an internal error.</source>
        <translation>Die Engine hat abgebrochen (SIGABRT): llama.cpp ist an einem internen Fehler angehalten.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="18"/>
        <source>The engine crashed (SIGSEGV): llama.cpp made an invalid memory access.</source>
        <translation>Die Engine ist abgestürzt (SIGSEGV): llama.cpp hat ungültig auf den Speicher zugegriffen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="21"/>
        <source>The engine crashed (SIGILL): this llama.cpp uses an instruction this CPU does not have.</source>
        <translation>Die Engine ist abgestürzt (SIGILL): Dieses llama.cpp verwendet einen Befehl, den dieser Prozessor nicht hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="25"/>
        <source>The engine was stopped from outside (SIGTERM).</source>
        <translation>Die Engine wurde von außen beendet (SIGTERM).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="28"/>
        <source>The engine crashed (SIGBUS): the model file changed or became unreadable while in use.</source>
        <translation>Die Engine ist abgestürzt (SIGBUS): Die Modelldatei hat sich während der Nutzung geändert oder wurde unlesbar.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="37"/>
        <source>The engine stopped responding.</source>
        <translation>Die Engine reagiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="44"/>
        <source>The engine was stopped by signal %1.</source>
        <translation>Die Engine wurde durch Signal %1 beendet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="48"/>
        <source>The engine was stopped by %1.</source>
        <translation>Die Engine wurde durch %1 beendet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="50"/>
        <source>The engine process ended.</source>
        <translation>Der Engine-Prozess wurde beendet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="52"/>
        <source>The engine exited unexpectedly (exit code %1).</source>
        <translation>Die Engine wurde unerwartet beendet (Exit-Code %1).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/safe_mode.py" line="158"/>
        <source>The engine crashed (%1) while trying this model on this computer, so it runs in a safe configuration: CPU only, without AMX or repacked weights. It may be slower.</source>
        <translation>Die Engine ist beim Ausprobieren dieses Modells auf diesem Computer abgestürzt (%1), daher läuft es in einer sicheren Konfiguration: nur auf dem Prozessor, ohne AMX und ohne umgepackte Gewichte. Es kann langsamer sein.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/safe_mode.py" line="169"/>
        <source>This model crashed the engine on this computer before, so it runs in a safe configuration: CPU only, without AMX or repacked weights. It may be slower.</source>
        <translation>Dieses Modell hat die Engine auf diesem Computer schon einmal zum Absturz gebracht, daher läuft es in einer sicheren Konfiguration: nur auf dem Prozessor, ohne AMX und ohne umgepackte Gewichte. Es kann langsamer sein.</translation>
    </message>
</context>
</TS>
