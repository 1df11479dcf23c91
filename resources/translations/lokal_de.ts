<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="67"/>
        <source>About Lokal</source>
        <translation>Über Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="72"/>
        <source>Lokal&apos;s icon</source>
        <translation>Das Symbol von Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="73"/>
        <source>Lokal %1</source>
        <translation>Lokal %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="79"/>
        <source>Lokal, version %1</source>
        <translation>Lokal, Version %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="82"/>
        <source>Lokal runs OpenAI&apos;s open-weight gpt-oss models on this computer. Your conversations and documents never leave it.</source>
        <translation>Lokal führt die offenen gpt-oss-Modelle von OpenAI auf diesem Computer aus. Ihre Unterhaltungen und Dokumente verlassen ihn nie.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="97"/>
        <source>%1 (PySide6 %2)</source>
        <translation>%1 (PySide6 %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="100"/>
        <source>&amp;Open</source>
        <translation>&amp;Öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="101"/>
        <source>Open the data folder</source>
        <translation>Den Datenordner öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="102"/>
        <source>Show the folder in the file manager</source>
        <translation>Den Ordner in der Dateiverwaltung zeigen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="108"/>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="109"/>
        <source>CPU kernels</source>
        <translation>CPU-Kernel</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="110"/>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="111"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="113"/>
        <source>The engine&apos;s llama.cpp build</source>
        <translation>Die llama.cpp-Version der Engine</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="114"/>
        <source>The CPU kernels the engine uses</source>
        <translation>Die CPU-Kernel, die die Engine verwendet</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="115"/>
        <source>The Qt version</source>
        <translation>Die Qt-Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="116"/>
        <source>The data folder</source>
        <translation>Der Datenordner</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="123"/>
        <source>Lokal is free software under the %1 licence. The gpt-oss model weights are published by OpenAI under the Apache-2.0 licence. The parts below keep their own licences, as their installed packages declare them.</source>
        <translation>Lokal ist freie Software unter der Lizenz %1. Die Gewichte der gpt-oss-Modelle veröffentlicht OpenAI unter der Lizenz Apache-2.0. Die folgenden Bestandteile behalten ihre eigenen Lizenzen, so wie ihre installierten Pakete sie angeben.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="134"/>
        <source>Component</source>
        <translation>Bestandteil</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="134"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="134"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="135"/>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="137"/>
        <source>Each part of Lokal with its version and licence</source>
        <translation>Jeder Bestandteil von Lokal mit Version und Lizenz</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="146"/>
        <source>Show &amp;licence text</source>
        <translation>&amp;Lizenztext zeigen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="147"/>
        <source>Show the chosen part&apos;s licence text</source>
        <translation>Den Lizenztext des gewählten Bestandteils zeigen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="148"/>
        <source>Opens the licence of the part chosen in the list</source>
        <translation>Öffnet die Lizenz des in der Liste gewählten Teils</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="152"/>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="155"/>
        <source>&amp;Copy details</source>
        <translation>&amp;Details kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="157"/>
        <source>Copy version details for a bug report</source>
        <translation>Versionsangaben für einen Fehlerbericht kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="159"/>
        <source>Puts the versions of Lokal, llama.cpp and this system on the clipboard</source>
        <translation>Legt die Versionen von Lokal, llama.cpp und diesem System in die Zwischenablage</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="163"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="185"/>
        <source>not stated</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="221"/>
        <source>Asking the engine…</source>
        <translation>Die Engine wird gefragt …</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="225"/>
        <source>The engine could not be started on this computer.</source>
        <translation>Die Engine konnte auf diesem Computer nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="231"/>
        <source>llama.cpp %1, llama-cpp-python %2</source>
        <translation>llama.cpp %1, llama-cpp-python %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="236"/>
        <source>llama-cpp-python %1</source>
        <translation>llama-cpp-python %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="242"/>
        <source>built for the computer that compiled llama.cpp (native build)</source>
        <translation>für den Computer gebaut, der llama.cpp kompiliert hat (native Version)</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="244"/>
        <source>portable build, variant chosen at run time</source>
        <translation>portable Version, Variante zur Laufzeit gewählt</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="246"/>
        <source>portable build, %1 variant</source>
        <translation>portable Version, Variante %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="247"/>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="257"/>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="264"/>
        <source>The folder could not be opened.</source>
        <translation>Der Ordner konnte nicht geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>ApprovalCard</name>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="118"/>
        <source>The model wants to run “%1” of the tool server “%2” with:</source>
        <translation>Das Modell möchte „%1“ des Werkzeug-Servers „%2“ ausführen mit:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="125"/>
        <source>Arguments of the tool call</source>
        <translation>Argumente des Werkzeugaufrufs</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="126"/>
        <source>What the model asks the tool to do, as the tool receives it</source>
        <translation>Was das Modell vom Werkzeug verlangt, so wie das Werkzeug es erhält</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="129"/>
        <source>&amp;Allow once</source>
        <translation>&amp;Einmal erlauben</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="130"/>
        <source>Always allo&amp;w in this conversation</source>
        <translation>In dieser Unterhaltung &amp;immer erlauben</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="131"/>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="133"/>
        <source>Runs the tool this one time</source>
        <translation>Führt das Werkzeug dieses eine Mal aus</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="134"/>
        <source>Runs this tool without asking again in this conversation</source>
        <translation>Führt dieses Werkzeug in dieser Unterhaltung ohne weitere Nachfrage aus</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="135"/>
        <source>The tool does not run; the model is told so</source>
        <translation>Das Werkzeug läuft nicht; das Modell erfährt es</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="147"/>
        <source>A tool call waits for your approval</source>
        <translation>Ein Werkzeugaufruf wartet auf Ihre Erlaubnis</translation>
    </message>
</context>
<context>
    <name>AttachmentBar</name>
    <message>
        <location filename="../../app/ui/attachments.py" line="52"/>
        <source>Documents (%1)</source>
        <translation>Dokumente (%1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="54"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="227"/>
        <source>Attach…</source>
        <translation>Anhängen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="228"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="230"/>
        <source>Attach documents to this conversation (or drop files or folders on the chat)</source>
        <translation>Dokumente an diese Unterhaltung anhängen (oder Dateien und Ordner auf den Chat ziehen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="240"/>
        <source>Attach documents</source>
        <translation>Dokumente anhängen</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <location filename="../../app/ui/attachments.py" line="173"/>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="173"/>
        <source>%1: reading</source>
        <translation>%1: wird gelesen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="177"/>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="179"/>
        <source>%1 pages</source>
        <translation>%1 Seiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="181"/>
        <source>%1: ready, %2.</source>
        <translation>%1: bereit, %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="191"/>
        <source>%1 could not be attached: %2</source>
        <translation>%1 konnte nicht angehängt werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="200"/>
        <source>Attachment %1</source>
        <translation>Anhang %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="201"/>
        <source>Remove %1</source>
        <translation>%1 entfernen</translation>
    </message>
    <message>
        <location filename="../../app/ui/attachments.py" line="203"/>
        <source>Remove %1 from this conversation</source>
        <translation>%1 aus dieser Unterhaltung entfernen</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="789"/>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="791"/>
        <source>Long conversations open at their end; this shows the messages before</source>
        <translation>Lange Unterhaltungen öffnen an ihrem Ende; dies zeigt die Nachrichten davor</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="793"/>
        <source>Show earlier messages (%1)</source>
        <translation>Frühere Nachrichten zeigen (%1)</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <location filename="../../app/ui/code_block.py" line="137"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="138"/>
        <source>Copy code to the clipboard</source>
        <translation>Code in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="139"/>
        <source>Copies this code alone, without the text around it</source>
        <translation>Kopiert nur diesen Code, ohne den Text drumherum</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="140"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="142"/>
        <source>A code block of the answer, read-only; its text can be selected</source>
        <translation>Ein Codeblock der Antwort, schreibgeschützt; sein Text lässt sich markieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="144"/>
        <location filename="../../app/ui/code_block.py" line="160"/>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/code_block.py" line="181"/>
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
    <message>
        <location filename="../../app/ui/composer.py" line="38"/>
        <source>Your message to the model: Enter sends it, Shift+Enter adds a line</source>
        <translation>Ihre Nachricht an das Modell: Eingabe sendet sie, Umschalt+Eingabe fügt eine Zeile ein</translation>
    </message>
</context>
<context>
    <name>ComposerBox</name>
    <message>
        <location filename="../../app/ui/composer_box.py" line="90"/>
        <source>Attach documents to this conversation (or drop files or folders on the chat)</source>
        <translation>Dokumente an diese Unterhaltung anhängen (oder Dateien und Ordner auf den Chat ziehen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="92"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="93"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="94"/>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabetaste)</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="95"/>
        <source>Send the message</source>
        <translation>Die Nachricht senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="97"/>
        <source>&amp;Stop</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="98"/>
        <source>Stop answering (Esc)</source>
        <translation>Antwort anhalten (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer_box.py" line="99"/>
        <source>Stop answering</source>
        <translation>Antwort anhalten</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="114"/>
        <source>Servers (a team&apos;s vLLM, llama-server, Ollama or Lokal)</source>
        <translation>Server (vLLM, llama-server, Ollama oder Lokal eines Teams)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="117"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="117"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="117"/>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="117"/>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="122"/>
        <source>optional; kept in the keyring only</source>
        <translation>optional; nur im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="123"/>
        <source>optional; for a server with its own certificate</source>
        <translation>optional; für einen Server mit eigenem Zertifikat</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="124"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="126"/>
        <source>On this network: offline mode may still send conversations to it</source>
        <translation>In diesem Netzwerk: auch im Offline-Modus dürfen Unterhaltungen an ihn gehen</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="128"/>
        <source>Also allowed &amp;offline:</source>
        <translation>Offline auch &amp;erlaubt:</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="130"/>
        <source>other names or addresses of the server, or its proxy; separated by commas</source>
        <translation>weitere Namen oder Adressen des Servers oder sein Proxy; durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="134"/>
        <source>In offline mode Lokal reaches only the hosts named here and the server&apos;s own address, and only when it is marked as on this network; a redirect to any other host is refused.</source>
        <translation>Im Offline-Modus erreicht Lokal nur die hier genannten Hosts und die Adresse des Servers selbst, und nur, wenn er als in diesem Netzwerk markiert ist; eine Weiterleitung an einen anderen Host wird abgelehnt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="139"/>
        <source>Add or save server</source>
        <translation>Server hinzufügen oder speichern</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="140"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="141"/>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="143"/>
        <source>Choose a server to fill the form below with its settings</source>
        <translation>Wählen Sie einen Server, um das Formular darunter mit seinen Einstellungen zu füllen</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="145"/>
        <source>How the server is called in Lokal&apos;s list of models</source>
        <translation>Wie der Server in Lokals Modellliste heißt</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="147"/>
        <source>Choose the certificate authority file that signed the server&apos;s certificate</source>
        <translation>Die Datei der Zertifizierungsstelle wählen, die das Zertifikat des Servers signiert hat</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="150"/>
        <source>Marks the server as part of this network, so that offline mode reaches it</source>
        <translation>Kennzeichnet den Server als Teil dieses Netzwerks, damit der Offline-Modus ihn erreicht</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="153"/>
        <source>Saves the form as a new server, or as the settings of the server of that name</source>
        <translation>Speichert das Formular als neuen Server oder als Einstellungen des Servers mit diesem Namen</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="155"/>
        <source>Forgets the chosen server and its key</source>
        <translation>Vergisst den gewählten Server und seinen Schlüssel</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="157"/>
        <source>Connects to the chosen server and shows which models it offers</source>
        <translation>Verbindet sich mit dem gewählten Server und zeigt, welche Modelle er anbietet</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="171"/>
        <source>(on this network)</source>
        <translation>(in diesem Netzwerk)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="174"/>
        <source>(offline also: %1)</source>
        <translation>(offline auch: %1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="188"/>
        <source>The server&apos;s CA certificate</source>
        <translation>Das CA-Zertifikat des Servers</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="188"/>
        <source>Certificates (*.pem *.crt)</source>
        <translation>Zertifikate (*.pem *.crt)</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="229"/>
        <source>Added %1; testing it…</source>
        <translation>%1 hinzugefügt; wird getestet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/connections_panel.py" line="257"/>
        <source>Testing %1…</source>
        <translation>%1 wird getestet…</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <location filename="../../app/ui/conversation_actions.py" line="62"/>
        <source>Stop the answer first to switch conversations.</source>
        <translation>Halten Sie zuerst die Antwort an, um die Unterhaltung zu wechseln.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_actions.py" line="95"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_actions.py" line="160"/>
        <source>Open a conversation to export it.</source>
        <translation>Öffnen Sie eine Unterhaltung, um sie zu exportieren.</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_actions.py" line="166"/>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_actions.py" line="168"/>
        <source>Markdown (*.md);;JSON, every branch and setting (*.json)</source>
        <translation>Markdown (*.md);;JSON, mit allen Zweigen und Einstellungen (*.json)</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="245"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="246"/>
        <source>Start a new conversation</source>
        <translation>Eine neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="247"/>
        <source>Search all chats (Ctrl+F)</source>
        <translation>Alle Chats durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="248"/>
        <location filename="../../app/ui/sidebar.py" line="249"/>
        <source>Search all conversations</source>
        <translation>Alle Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="251"/>
        <source>Finds the conversations whose messages contain the words typed here</source>
        <translation>Findet die Unterhaltungen, deren Nachrichten die hier eingegebenen Wörter enthalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="253"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Eine neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="254"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="256"/>
        <source>Enter opens, F2 renames, Delete deletes the selected conversation</source>
        <translation>Eingabe öffnet, F2 benennt um, Entf löscht die gewählte Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="259"/>
        <source>No conversations yet. Write a question below to start the first one.</source>
        <translation>Noch keine Unterhaltungen. Schreiben Sie unten eine Frage, um die erste zu beginnen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="281"/>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="295"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="296"/>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="297"/>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="299"/>
        <source>Older</source>
        <translation>Älter</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="322"/>
        <source>No messages match. Try other words, or clear the search to see all.</source>
        <translation>Keine Nachricht passt. Versuchen Sie andere Wörter, oder leeren Sie die Suche, um alle zu sehen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="347"/>
        <source>Rename conversation</source>
        <translation>Unterhaltung umbenennen</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="347"/>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="364"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="365"/>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/sidebar.py" line="367"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>DialogButtons</name>
    <message>
        <location filename="../../app/ui/button_descriptions.py" line="16"/>
        <source>Keeps the changes and closes the window</source>
        <translation>Übernimmt die Änderungen und schließt das Fenster</translation>
    </message>
    <message>
        <location filename="../../app/ui/button_descriptions.py" line="17"/>
        <source>Closes the window without keeping changes</source>
        <translation>Schließt das Fenster, ohne Änderungen zu übernehmen</translation>
    </message>
    <message>
        <location filename="../../app/ui/button_descriptions.py" line="18"/>
        <source>Closes this window</source>
        <translation>Schließt dieses Fenster</translation>
    </message>
</context>
<context>
    <name>DocumentAttacher</name>
    <message>
        <location filename="../../app/ui/attacher.py" line="229"/>
        <source>%1 is already attached.</source>
        <translation>%1 ist bereits angehängt.</translation>
    </message>
</context>
<context>
    <name>DownloadResumer</name>
    <message>
        <location filename="../../app/ui/download_resume.py" line="36"/>
        <source>%1&apos;s download is paused: offline mode is on.</source>
        <translation>Der Download von %1 ist angehalten: Der Offline-Modus ist an.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="38"/>
        <source>The downloads of %1 are paused: offline mode is on.</source>
        <translation>Die Downloads von %1 sind angehalten: Der Offline-Modus ist an.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="53"/>
        <source>Resuming the download of %1.</source>
        <translation>Der Download von %1 wird fortgesetzt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/download_resume.py" line="57"/>
        <source>Download paused: %1. Open File → Models… to resume it.</source>
        <translation>Download angehalten: %1. Unter Datei → Modelle… können Sie ihn fortsetzen.</translation>
    </message>
</context>
<context>
    <name>DownloadThread</name>
    <message>
        <location filename="../../app/ui/download_worker.py" line="53"/>
        <source>The download stopped unexpectedly (%1).</source>
        <translation>Der Download wurde unerwartet unterbrochen (%1).</translation>
    </message>
</context>
<context>
    <name>EditBanner</name>
    <message>
        <location filename="../../app/ui/banners.py" line="90"/>
        <location filename="../../app/ui/banners.py" line="91"/>
        <source>Cancel editing</source>
        <translation>Bearbeiten abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/banners.py" line="93"/>
        <source>Leaves the question as it was and empties the message box</source>
        <translation>Lässt die Frage, wie sie war, und leert das Nachrichtenfeld</translation>
    </message>
    <message>
        <location filename="../../app/ui/banners.py" line="96"/>
        <source>Editing a question: sending makes a new version; the old one stays.</source>
        <translation>Frage wird bearbeitet: Senden legt eine neue Fassung an, die alte bleibt erhalten.</translation>
    </message>
</context>
<context>
    <name>ErrorBlock</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="705"/>
        <source>The answer failed.</source>
        <translation>Die Antwort ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="708"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="709"/>
        <source>Try this answer again</source>
        <translation>Diese Antwort erneut erzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="710"/>
        <source>Asks the model for this answer once more</source>
        <translation>Bittet das Modell noch einmal um diese Antwort</translation>
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
    <name>LicenceText</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="295"/>
        <source>Licence: %1</source>
        <translation>Lizenz: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="301"/>
        <source>Licence text of %1</source>
        <translation>Lizenztext von %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="306"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="319"/>
        <source>This file could not be read.</source>
        <translation>Diese Datei konnte nicht gelesen werden.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="105"/>
        <source>Some settings were unreadable and were reset: %1</source>
        <translation>Einige Einstellungen waren unlesbar und wurden zurückgesetzt: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="260"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="274"/>
        <source>Busy answering an API request</source>
        <translation>Beantwortet gerade eine API-Anfrage</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="318"/>
        <source>You</source>
        <extracomment>Characters of a message a screen reader gets as its description (a long answer is read from the message itself).</extracomment>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="318"/>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="332"/>
        <location filename="../../app/ui/chat_view.py" line="638"/>
        <source>Reasoning</source>
        <translation>Denkweg</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="328"/>
        <source>Show or hide the reasoning</source>
        <translation>Denkweg zeigen oder verbergen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="125"/>
        <source>Thought for %1 s</source>
        <translation>%1 s nachgedacht</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="321"/>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="323"/>
        <source>Tool result</source>
        <translation>Ergebnis eines Werkzeugs</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="325"/>
        <source>Lokal&apos;s answer</source>
        <translation>Antwort von Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="330"/>
        <source>What the model thought before it answered, folded away</source>
        <translation>Was das Modell vor seiner Antwort gedacht hat, eingeklappt</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="334"/>
        <source>What the model thought before it answered</source>
        <translation>Was das Modell vor seiner Antwort gedacht hat</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="337"/>
        <source>Shows every character of the message, however long its lines</source>
        <translation>Zeigt jedes Zeichen der Nachricht, wie lang ihre Zeilen auch sind</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="339"/>
        <location filename="../../app/ui/chat_view.py" line="340"/>
        <source>Previous version</source>
        <translation>Vorherige Fassung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="341"/>
        <location filename="../../app/ui/chat_view.py" line="342"/>
        <source>Next version</source>
        <translation>Nächste Fassung</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="344"/>
        <source>Shows the version of this message before the one shown</source>
        <translation>Zeigt die Version dieser Nachricht vor der angezeigten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="347"/>
        <source>Shows the version of this message after the one shown</source>
        <translation>Zeigt die Version dieser Nachricht nach der angezeigten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="350"/>
        <source>Puts the text of the message on the clipboard, without the reasoning</source>
        <translation>Legt den Text der Nachricht in die Zwischenablage, ohne den Denkweg</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="353"/>
        <source>Puts the question back in the message box; sent, it makes a new version</source>
        <translation>Holt die Frage zurück ins Nachrichtenfeld; gesendet ergibt sie eine neue Version</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="355"/>
        <source>Writes a new version of this answer; the old one stays</source>
        <translation>Schreibt eine neue Version dieser Antwort; die alte bleibt</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="357"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="358"/>
        <source>Copy this message</source>
        <translation>Diese Nachricht kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="359"/>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="359"/>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="361"/>
        <source>Edit this question and send it again</source>
        <translation>Diese Frage bearbeiten und erneut senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="363"/>
        <source>Answer this question again</source>
        <translation>Diese Frage neu beantworten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="493"/>
        <source>Show all (%1 more characters)</source>
        <translation>Alles zeigen (%1 weitere Zeichen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="496"/>
        <source>Show the whole message: very long lines are shown cut</source>
        <translation>Die ganze Nachricht zeigen: sehr lange Zeilen werden gekürzt angezeigt</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="598"/>
        <source>Version %1 of %2</source>
        <translation>Fassung %1 von %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="634"/>
        <source>Thinking…</source>
        <translation>Denkt nach…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="646"/>
        <source>⇄ %1</source>
        <translation>⇄ %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="650"/>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="657"/>
        <source>first token %1 s</source>
        <translation>erstes Token %1 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="663"/>
        <source>reasoning %1 · answer %2 tokens</source>
        <translation>Denken %1 · Antwort %2 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="670"/>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="671"/>
        <source>interrupted (Lokal closed while it was answering)</source>
        <translation>unterbrochen (Lokal wurde während der Antwort beendet)</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <location filename="../../app/ui/window_model.py" line="39"/>
        <source>Open a model</source>
        <translation>Ein Modell öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="41"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF-Modelle (*.gguf);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="89"/>
        <source>Ask anything below. The answer is written on this computer.</source>
        <translation>Fragen Sie unten, was Sie möchten. Die Antwort entsteht auf diesem Computer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="91"/>
        <source>The model is loading. You can write your question meanwhile.</source>
        <translation>Das Modell wird geladen. Sie können Ihre Frage schon schreiben.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="94"/>
        <source>No model is loaded. Choose one at the top, or download one in File → Models…</source>
        <translation>Kein Modell geladen. Wählen Sie oben eines, oder laden Sie eines unter Datei → Modelle… herunter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="136"/>
        <source>%1 is installed.</source>
        <translation>%1 ist installiert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_model.py" line="188"/>
        <source>Settings could not be saved: %1</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <location filename="../../app/ui/model_bar.py" line="86"/>
        <source>Reasoning: low</source>
        <translation>Denken: wenig</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="87"/>
        <source>Reasoning: medium</source>
        <translation>Denken: mittel</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="88"/>
        <source>Reasoning: high</source>
        <translation>Denken: gründlich</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="94"/>
        <source>Reasoning effort</source>
        <translation>Denkaufwand</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="95"/>
        <source>How long the model thinks before it answers</source>
        <translation>Wie lange das Modell nachdenkt, bevor es antwortet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="96"/>
        <source>&amp;Open model…</source>
        <translation>Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="97"/>
        <source>Open a model file</source>
        <translation>Eine Modelldatei öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="99"/>
        <source>Loads a GGUF model file that is already on this computer</source>
        <translation>Lädt eine GGUF-Modelldatei, die schon auf diesem Computer liegt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="101"/>
        <source>Loading progress</source>
        <translation>Ladefortschritt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="102"/>
        <source>Context used by this conversation</source>
        <translation>Von dieser Unterhaltung belegter Kontext</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="136"/>
        <source>No model loaded. Open a GGUF file to start, e.g. gpt-oss-20b-mxfp4.gguf.</source>
        <translation>Kein Modell geladen. Öffnen Sie eine GGUF-Datei, z. B. gpt-oss-20b-mxfp4.gguf.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="144"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="159"/>
        <source>Context %1 / %2</source>
        <translation>Kontext %1 / %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_bar.py" line="162"/>
        <source>This conversation fills %1 of the model&apos;s %2 tokens of context.</source>
        <translation>Diese Unterhaltung belegt %1 der %2 Tokens Kontext des Modells.</translation>
    </message>
</context>
<context>
    <name>ModelManagerDialog</name>
    <message>
        <location filename="../../app/ui/model_manager.py" line="145"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="149"/>
        <source>Models are kept in %1. Downloads are checked against the Hugging Face Hub&apos;s checksums and continue where they stopped.</source>
        <translation>Modelle werden in %1 gespeichert. Downloads werden mit den Prüfsummen des Hugging Face Hub abgeglichen und setzen dort fort, wo sie unterbrochen wurden.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="155"/>
        <source>Import GGUF file…</source>
        <translation>GGUF-Datei importieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="156"/>
        <source>Hugging Face token…</source>
        <translation>Hugging-Face-Token…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="157"/>
        <source>Offline mode (no network connections at all)</source>
        <translation>Offline-Modus (keinerlei Netzwerkverbindungen)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="158"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="282"/>
        <source>%1 is installed.</source>
        <translation>%1 ist installiert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="322"/>
        <source>Offline mode is on</source>
        <translation>Der Offline-Modus ist eingeschaltet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="325"/>
        <source>Lokal is in offline mode, so it opens no network connections. Turn offline mode off and download %1?</source>
        <translation>Lokal ist im Offline-Modus und baut daher keine Netzwerkverbindungen auf. Offline-Modus ausschalten und %1 herunterladen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="338"/>
        <source>It will not fit</source>
        <translation>Passt nicht auf diesen Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="341"/>
        <source>Download %1 anyway?</source>
        <translation>%1 trotzdem herunterladen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="351"/>
        <source>Stop downloading %1 and delete what was downloaded so far?</source>
        <translation>Den Download von %1 abbrechen und das bisher Heruntergeladene löschen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="354"/>
        <source>Cancel the download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="353"/>
        <source>Delete what was downloaded of %1 so far?</source>
        <translation>Das bisher Heruntergeladene von %1 löschen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="160"/>
        <source>Adds a GGUF file from this computer to the models Lokal knows</source>
        <translation>Fügt eine GGUF-Datei dieses Computers zu den Modellen hinzu, die Lokal kennt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="163"/>
        <source>Keeps a Hugging Face access token for models that need a login</source>
        <translation>Speichert ein Hugging-Face-Zugriffstoken für Modelle, die eine Anmeldung verlangen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="165"/>
        <source>No downloads and no connections to other computers</source>
        <translation>Keine Downloads und keine Verbindungen zu anderen Computern</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="166"/>
        <source>Closes this window</source>
        <translation>Schließt dieses Fenster</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="367"/>
        <source>Remove %1 from Lokal? The file stays at %2.</source>
        <translation>%1 aus Lokal entfernen? Die Datei bleibt unter %2 erhalten.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="370"/>
        <source>Delete %1? This frees %2.</source>
        <translation>%1 löschen? Dadurch werden %2 frei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="371"/>
        <location filename="../../app/ui/model_manager.py" line="409"/>
        <source>Delete model</source>
        <translation>Modell löschen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="377"/>
        <source>%1 is removed from Lokal; its file stays.</source>
        <translation>%1 ist aus Lokal entfernt; die Datei bleibt erhalten.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="381"/>
        <source>%1 is deleted; %2 freed.</source>
        <translation>%1 ist gelöscht; %2 wurden frei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="390"/>
        <source>Remove %1 from Lokal&apos;s list? The file stays at %2; Lokal never deletes it.</source>
        <translation>%1 aus Lokals Liste entfernen? Die Datei bleibt in %2; Lokal löscht sie nie.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="394"/>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="398"/>
        <source>%1 is removed from the list; the file stays.</source>
        <translation>%1 ist aus der Liste entfernt; die Datei bleibt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="422"/>
        <source>Import a GGUF model</source>
        <translation>Ein GGUF-Modell importieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="422"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF-Modelle (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="431"/>
        <location filename="../../app/ui/model_manager.py" line="437"/>
        <source>Import GGUF file</source>
        <translation>GGUF-Datei importieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="438"/>
        <source>%1 could not be imported: %2</source>
        <translation>%1 konnte nicht importiert werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="441"/>
        <source>Imported %1: %2.</source>
        <translation>%1 importiert: %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="448"/>
        <source>Hugging Face token</source>
        <translation>Hugging-Face-Token</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="450"/>
        <source>A token is needed only for gated or private models. It is kept in the system keyring, never in a file.</source>
        <translation>Ein Token wird nur für zugangsbeschränkte oder private Modelle benötigt. Es wird im Schlüsselbund des Systems aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_manager.py" line="460"/>
        <source>The token is stored in the system keyring.</source>
        <translation>Das Token ist im Schlüsselbund des Systems gespeichert.</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <location filename="../../app/ui/model_picker.py" line="389"/>
        <source>Loading %1</source>
        <translation>Wird geladen: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="391"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="392"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="393"/>
        <location filename="../../app/ui/model_picker.py" line="473"/>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="400"/>
        <source>%1 · on %2</source>
        <translation>%1 · auf %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="401"/>
        <source>answers on %1</source>
        <translation>antwortet auf %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="403"/>
        <source>This conversation is sent to %1, where %2 answers.</source>
        <translation>Diese Unterhaltung wird an %1 gesendet; dort antwortet %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="407"/>
        <location filename="../../app/ui/model_picker.py" line="546"/>
        <source>Choose a model</source>
        <translation>Modell wählen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="408"/>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="410"/>
        <source>Choose a model to load, open a GGUF file, or download one under Manage models.</source>
        <translation>Wählen Sie ein Modell zum Laden, öffnen Sie eine GGUF-Datei oder laden Sie eines unter „Modelle verwalten“ herunter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="422"/>
        <source>Model: %1, %2</source>
        <translation>Modell: %1, %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="424"/>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="469"/>
        <source>File missing</source>
        <translation>Datei fehlt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="471"/>
        <source>Cannot be used</source>
        <translation>Nicht verwendbar</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="477"/>
        <source>%1 is no longer there.</source>
        <translation>%1 ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="500"/>
        <source>Chosen</source>
        <translation>Gewählt</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="506"/>
        <source>On %1</source>
        <translation>Auf %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="508"/>
        <source>This conversation would be sent to %1, where %2 answers.</source>
        <translation>Diese Unterhaltung würde an %1 gesendet; dort antwortet %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="518"/>
        <source>On this computer</source>
        <translation>Auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="519"/>
        <source>Recently opened</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="520"/>
        <source>On servers</source>
        <translation>Auf Servern</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="527"/>
        <source>No models yet: open a GGUF file or download one.</source>
        <translation>Noch keine Modelle: Öffnen Sie eine GGUF-Datei oder laden Sie eines herunter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="529"/>
        <source>Open a GGUF file…</source>
        <translation>GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="530"/>
        <source>Manage models…</source>
        <translation>Modelle verwalten…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="547"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="549"/>
        <source>Enter switches to the highlighted model; its details are shown below the list</source>
        <translation>Eingabe wechselt zum markierten Modell; seine Einzelheiten stehen unter der Liste</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_picker.py" line="551"/>
        <source>About the highlighted model</source>
        <translation>Zum markierten Modell</translation>
    </message>
</context>
<context>
    <name>ModelRow</name>
    <message>
        <location filename="../../app/ui/model_row.py" line="314"/>
        <source>Loading %1</source>
        <translation>Wird geladen: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="316"/>
        <source>Loaded</source>
        <translation>Geladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="80"/>
        <source>Needs about %1 of memory on this computer.</source>
        <translation>Braucht auf diesem Computer etwa %1 Arbeitsspeicher.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="90"/>
        <source>%1 needs about %2 of memory on this computer; it has %3.</source>
        <translation>%1 braucht auf diesem Computer etwa %2 Arbeitsspeicher; er hat %3.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="97"/>
        <source>It fits this computer&apos;s %1 of memory, but only %2 is free right now: close other programs first.</source>
        <translation>Es passt in die %1 Arbeitsspeicher dieses Computers, aber gerade sind nur %2 frei: Schließen Sie zuerst andere Programme.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="113"/>
        <source>%1 · close other programs first</source>
        <translation>%1 · zuerst andere Programme schließen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="123"/>
        <source>The version of %1 this download began with is no longer on the Hub.</source>
        <translation>Die Version von %1, mit der dieser Download begann, ist nicht mehr auf dem Hub.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="128"/>
        <source>A downloaded file did not match the Hub&apos;s checksum, so it was not installed.</source>
        <translation>Eine heruntergeladene Datei stimmte nicht mit der Prüfsumme des Hubs überein und wurde daher nicht installiert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="137"/>
        <source>harmony format</source>
        <translation>Harmony-Format</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="138"/>
        <source>reasoning effort</source>
        <translation>Denkaufwand</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="139"/>
        <source>tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="142"/>
        <source>plain chat model</source>
        <translation>einfaches Chat-Modell</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="149"/>
        <source>%1 of %2 %3</source>
        <translation>%1 von %2 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="160"/>
        <source>Asking the Hugging Face Hub…</source>
        <translation>Anfrage an den Hugging Face Hub…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="164"/>
        <source>(part %1 of %2)</source>
        <translation>(Teil %1 von %2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="167"/>
        <source>Checking what was already downloaded%1 · %2</source>
        <translation>Bereits Heruntergeladenes wird geprüft%1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="170"/>
        <source>Downloading%1 %2</source>
        <translation>Wird heruntergeladen%1 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="176"/>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="235"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="236"/>
        <source>Download again</source>
        <translation>Erneut herunterladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="237"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="238"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="239"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="240"/>
        <source>Load now</source>
        <translation>Jetzt laden</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="241"/>
        <source>Use by default</source>
        <translation>Als Standard verwenden</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="242"/>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="243"/>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="243"/>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="246"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="259"/>
        <source>Downloads the model from the Hugging Face Hub</source>
        <translation>Lädt das Modell vom Hugging Face Hub herunter</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="260"/>
        <source>Starts the download once more, from the beginning</source>
        <translation>Startet den Download noch einmal von vorn</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="261"/>
        <source>Goes on with the download where it stopped</source>
        <translation>Setzt den Download dort fort, wo er angehalten hat</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="262"/>
        <source>Stops the download for now; it can be resumed</source>
        <translation>Hält den Download vorerst an; er lässt sich fortsetzen</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="263"/>
        <source>Stops the download and deletes what has arrived</source>
        <translation>Bricht den Download ab und löscht, was schon angekommen ist</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="264"/>
        <source>Loads this model now: it answers from now on</source>
        <translation>Lädt dieses Modell jetzt: Es antwortet von nun an</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="265"/>
        <source>Loads this model whenever Lokal starts</source>
        <translation>Lädt dieses Modell bei jedem Start von Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="266"/>
        <source>Shows the model&apos;s file in the file manager</source>
        <translation>Zeigt die Datei des Modells in der Dateiverwaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="267"/>
        <source>Deletes the model&apos;s files from this computer</source>
        <translation>Löscht die Dateien des Modells von diesem Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="269"/>
        <source>Takes the model off the list; its file stays where it is</source>
        <translation>Nimmt das Modell von der Liste; seine Datei bleibt, wo sie ist</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="298"/>
        <source>Checking this computer…</source>
        <translation>Dieser Computer wird geprüft…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="332"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="335"/>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="335"/>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="337"/>
        <location filename="../../app/ui/model_row.py" line="343"/>
        <source>used by default</source>
        <translation>als Standard verwendet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="339"/>
        <source>Cannot be used: %1</source>
        <translation>Nicht verwendbar: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="341"/>
        <source>Opened from a file</source>
        <translation>Aus einer Datei geöffnet</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="345"/>
        <source>The file is no longer there.</source>
        <translation>Die Datei ist nicht mehr vorhanden.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="351"/>
        <source>Paused at %1.</source>
        <translation>Angehalten bei %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="354"/>
        <source>Not downloaded.</source>
        <translation>Nicht heruntergeladen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="358"/>
        <source>%1 Press Resume to continue.</source>
        <translation>%1 Klicken Sie auf „Fortsetzen“, um weiterzumachen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/model_row.py" line="389"/>
        <source>Checking whether it fits this computer first…</source>
        <translation>Zuerst wird geprüft, ob es auf diesen Computer passt…</translation>
    </message>
</context>
<context>
    <name>OverflowDialog</name>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="24"/>
        <source>The conversation is too long</source>
        <translation>Die Unterhaltung ist zu lang</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="30"/>
        <source>Lokal remembers your choice for this conversation.</source>
        <translation>Lokal merkt sich Ihre Wahl für diese Unterhaltung.</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="34"/>
        <source>New conversation with a summary</source>
        <translation>Neue Unterhaltung mit Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="35"/>
        <source>Goes on in a new conversation that begins with a summary of this one</source>
        <translation>Geht in einer neuen Unterhaltung weiter, die mit einer Zusammenfassung dieser beginnt</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="37"/>
        <source>Leave out the oldest turns</source>
        <translation>Die ältesten Wechsel weglassen</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="38"/>
        <source>The model no longer reads the first turns of this conversation; they stay in the window</source>
        <translation>Das Modell liest die ersten Runden dieser Unterhaltung nicht mehr; im Fenster bleiben sie</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="43"/>
        <source>Documents as retrieval only</source>
        <translation>Dokumente nur als Fundstellen</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="44"/>
        <source>The model reads only the passages of the attached documents that match, and not the oldest turns</source>
        <translation>Das Modell liest von den angehängten Dokumenten nur die passenden Stellen und nicht die ältesten Runden</translation>
    </message>
    <message>
        <location filename="../../app/ui/overflow_dialog.py" line="62"/>
        <source>Goes back to the message, to shorten it</source>
        <translation>Zurück zur Nachricht, um sie zu kürzen</translation>
    </message>
</context>
<context>
    <name>OverflowGuard</name>
    <message>
        <location filename="../../app/ui/overflow_guard.py" line="108"/>
        <source>The model no longer sees this turn: it was left out to fit the context.</source>
        <translation>Das Modell sieht diesen Wechsel nicht mehr: Er wurde weggelassen, damit die Unterhaltung in den Kontext passt.</translation>
    </message>
</context>
<context>
    <name>PassageDialog</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="117"/>
        <source>Passage text</source>
        <translation>Text der Textstelle</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="119"/>
        <source>&amp;Open file</source>
        <translation>Datei ö&amp;ffnen</translation>
    </message>
</context>
<context>
    <name>PromptProgress</name>
    <message>
        <location filename="../../app/ui/prompt_progress.py" line="44"/>
        <source>Reading the conversation: %1 of %2 tokens</source>
        <translation>Die Unterhaltung wird gelesen: %1 von %2 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/prompt_progress.py" line="49"/>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
</context>
<context>
    <name>ReaderAnnounce</name>
    <message>
        <location filename="../../app/ui/reader_announce.py" line="44"/>
        <source>You</source>
        <extracomment>Words of a message in its accessible name: enough to tell messages apart. The dynamic property that gives a widget its role for screen readers.</extracomment>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../app/ui/reader_announce.py" line="45"/>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/reader_announce.py" line="46"/>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <location filename="../../app/ui/reader_announce.py" line="47"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/reader_announce.py" line="53"/>
        <source>Answer complete: %1</source>
        <translation>Antwort fertig: %1</translation>
    </message>
</context>
<context>
    <name>SafeMarkdownView</name>
    <message>
        <location filename="../../app/ui/safe_markdown.py" line="52"/>
        <source>Lokal only opens web links (http and https). This one was not opened:

%1</source>
        <translation>Lokal öffnet nur Web-Links (http und https). Dieser wurde nicht geöffnet:

%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/safe_markdown.py" line="61"/>
        <source>Link not opened</source>
        <translation>Link nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../../app/ui/safe_markdown.py" line="69"/>
        <source>This link leads outside Lokal:

%1

Open it in your browser?</source>
        <translation>Dieser Link führt aus Lokal hinaus:

%1

Im Browser öffnen?</translation>
    </message>
    <message>
        <location filename="../../app/ui/safe_markdown.py" line="77"/>
        <source>Open link?</source>
        <translation>Link öffnen?</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <location filename="../../app/ui/server_panel.py" line="91"/>
        <source>Local server</source>
        <translation>Lokaler Server</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="92"/>
        <source>Answer OpenAI-compatible API requests on this computer</source>
        <translation>OpenAI-kompatible API-Anfragen auf diesem Computer beantworten</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="93"/>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="94"/>
        <source>Key:</source>
        <translation>Schlüssel:</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="96"/>
        <source>Base URL of the local server</source>
        <translation>Basis-URL des lokalen Servers</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="97"/>
        <source>Key for the local server</source>
        <translation>Schlüssel für den lokalen Server</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="98"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="99"/>
        <source>Copy the key</source>
        <translation>Schlüssel kopieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="101"/>
        <source>Puts the key on the clipboard, to paste into a program</source>
        <translation>Legt den Schlüssel in die Zwischenablage, zum Einfügen in ein Programm</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="104"/>
        <source>Programs on this computer can then use the loaded model, as with OpenAI&apos;s API</source>
        <translation>Programme auf diesem Computer können dann das geladene Modell nutzen, wie mit der API von OpenAI</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="106"/>
        <source>The address to give such programs</source>
        <translation>Die Adresse für solche Programme</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="107"/>
        <source>The key such programs send with each request</source>
        <translation>Der Schlüssel, den solche Programme mit jeder Anfrage senden</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="108"/>
        <source>Busy answering an API request</source>
        <translation>Beantwortet gerade eine API-Anfrage</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="154"/>
        <source>The server could not listen on port %1 (%2).</source>
        <translation>Der Server konnte nicht auf Port %1 lauschen (%2).</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_panel.py" line="192"/>
        <source>Requests served: %1</source>
        <translation>Beantwortete Anfragen: %1</translation>
    </message>
</context>
<context>
    <name>ServerPicker</name>
    <message>
        <location filename="../../app/ui/server_picker.py" line="44"/>
        <location filename="../../app/ui/server_picker.py" line="54"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="55"/>
        <source>Which model answers</source>
        <translation>Welches Modell antwortet</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="66"/>
        <source>stays on this computer</source>
        <translation>bleibt auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="69"/>
        <source>%1 sees this conversation</source>
        <translation>%1 sieht diese Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="67"/>
        <source>No other computer sees this conversation.</source>
        <translation>Kein anderer Computer sieht diese Unterhaltung.</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="58"/>
        <source>This computer&apos;s model or a server&apos;s; the badge beside it says who sees the chat</source>
        <translation>Das Modell dieses Computers oder das eines Servers; der Hinweis daneben sagt, wer den Chat sieht</translation>
    </message>
    <message>
        <location filename="../../app/ui/server_picker.py" line="73"/>
        <source>Questions, earlier answers and quoted documents of this conversation are sent to %1.</source>
        <translation>Fragen, frühere Antworten und zitierte Dokumente dieser Unterhaltung werden an %1 gesendet.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="51"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="57"/>
        <source>For example: Answer in German. Keep answers short. Cite the page.</source>
        <translation>Zum Beispiel: Antworte auf Deutsch. Fasse dich kurz. Nenne die Seite.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="59"/>
        <source>Instructions for every conversation</source>
        <translation>Anweisungen für jede Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="61"/>
        <source>The model reads them before every conversation</source>
        <translation>Das Modell liest sie vor jeder Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="69"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="71"/>
        <source>Higher makes answers more varied, lower more predictable</source>
        <translation>Höher macht Antworten abwechslungsreicher, niedriger vorhersehbarer</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="77"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="79"/>
        <source>The model chooses only among the likeliest words that make up this share</source>
        <translation>Das Modell wählt nur unter den wahrscheinlichsten Wörtern, die zusammen diesen Anteil ausmachen</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="83"/>
        <source>Context length</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="85"/>
        <source>How much of a conversation the model reads at once; more needs more memory</source>
        <translation>Wie viel einer Unterhaltung das Modell auf einmal liest; mehr braucht mehr Speicher</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="87"/>
        <source>Automatic (fits this computer)</source>
        <translation>Automatisch (passend für diesen Computer)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="90"/>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="96"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="98"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="100"/>
        <source>Processor threads that compute answers; Automatic chooses for this computer</source>
        <translation>Prozessor-Threads, die Antworten berechnen; Automatisch wählt passend für diesen Computer</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="107"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="108"/>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="110"/>
        <source>Disk space for saved prompt caches</source>
        <translation>Speicherplatz für gespeicherte Prompt-Caches</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="113"/>
        <source>Conversations reopen without reading them again: their model state is kept on disk, the least recently used removed first.</source>
        <translation>Unterhaltungen öffnen sich wieder, ohne neu gelesen zu werden: Ihr Modellzustand bleibt auf der Festplatte, der am längsten nicht genutzte wird zuerst entfernt.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="119"/>
        <source>Theme</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="120"/>
        <source>Light or dark colours, or those of the system</source>
        <translation>Helle oder dunkle Farben oder die des Systems</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="122"/>
        <location filename="../../app/ui/settings_dialog.py" line="133"/>
        <source>Like the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="123"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="124"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="130"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="131"/>
        <source>The language of Lokal&apos;s windows</source>
        <translation>Die Sprache der Fenster von Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="140"/>
        <source>Work offline: never connect to the network</source>
        <translation>Offline arbeiten: nie mit dem Netzwerk verbinden</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="141"/>
        <source>Work offline</source>
        <translation>Offline arbeiten</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="142"/>
        <source>No downloads and no connections to other computers</source>
        <translation>Keine Downloads und keine Verbindungen zu anderen Computern</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="146"/>
        <source>&amp;Instructions:</source>
        <translation>&amp;Anweisungen:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="147"/>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="148"/>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="149"/>
        <source>&amp;Context length:</source>
        <translation>&amp;Kontextlänge:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="150"/>
        <source>T&amp;hreads:</source>
        <translation>T&amp;hreads:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="151"/>
        <source>Prompt cache on &amp;disk:</source>
        <translation>Prompt-Cache auf der &amp;Festplatte:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="152"/>
        <source>The&amp;me:</source>
        <translation>E&amp;rscheinungsbild:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="153"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="155"/>
        <source>T&amp;ools and tool servers…</source>
        <translation>&amp;Werkzeuge und Werkzeug-Server…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="159"/>
        <source>Opens the tool servers and chooses which tools the model may use</source>
        <translation>Öffnet die Werkzeug-Server und legt fest, welche Werkzeuge das Modell nutzen darf</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="161"/>
        <source>Tools:</source>
        <translation>Werkzeuge:</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="164"/>
        <source>Context length and threads take effect when the model is loaded again; Lokal reloads it for you.</source>
        <translation>Kontextlänge und Threads wirken, sobald das Modell neu geladen ist; Lokal lädt es dafür neu.</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../../app/ui/sources_view.py" line="45"/>
        <source>section “%1”</source>
        <translation>Abschnitt „%1“</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="48"/>
        <source>pages %1–%2</source>
        <translation>Seiten %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="49"/>
        <source>lines %1–%2</source>
        <translation>Zeilen %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="50"/>
        <source>paragraphs %1–%2</source>
        <translation>Absätze %1–%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="54"/>
        <source>page %1</source>
        <translation>Seite %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="55"/>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="56"/>
        <source>paragraph %1</source>
        <translation>Absatz %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="148"/>
        <source>Sources:</source>
        <translation>Quellen:</translation>
    </message>
    <message>
        <location filename="../../app/ui/sources_view.py" line="156"/>
        <source>Source %1: %2</source>
        <translation>Quelle %1: %2</translation>
    </message>
</context>
<context>
    <name>StoreWorker</name>
    <message>
        <location filename="../../app/ui/store_worker.py" line="41"/>
        <source>The conversation could not be deleted: %1</source>
        <translation>Die Unterhaltung konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/store_worker.py" line="59"/>
        <source>%1 could not be written: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/store_worker.py" line="62"/>
        <source>The conversation could not be exported: %1</source>
        <translation>Die Unterhaltung konnte nicht exportiert werden: %1</translation>
    </message>
</context>
<context>
    <name>ToolBlock</name>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="168"/>
        <source>Shows or hides the call&apos;s arguments and result</source>
        <translation>Zeigt oder verbirgt die Argumente und das Ergebnis des Aufrufs</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="174"/>
        <source>Arguments of the tool call</source>
        <translation>Argumente des Werkzeugaufrufs</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="175"/>
        <source>What the model asks the tool to do, as the tool receives it</source>
        <translation>Was das Modell vom Werkzeug verlangt, so wie das Werkzeug es erhält</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="179"/>
        <source>Result of the tool call</source>
        <translation>Ergebnis des Werkzeugaufrufs</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="180"/>
        <source>What the tool gave back to the model</source>
        <translation>Was das Werkzeug dem Modell zurückgegeben hat</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="192"/>
        <source>waiting for approval</source>
        <translation>wartet auf Erlaubnis</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="192"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="193"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="193"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="194"/>
        <source>declined</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="194"/>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="199"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="201"/>
        <source>approved by %1</source>
        <translation>erlaubt von %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tool_blocks.py" line="203"/>
        <source>Tool call: %1</source>
        <translation>Werkzeugaufruf: %1</translation>
    </message>
</context>
<context>
    <name>ToolsButton</name>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="53"/>
        <source>Tools: %1</source>
        <translation>Werkzeuge: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="53"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="56"/>
        <source>Choose the tools the model may use in this conversation</source>
        <translation>Wählen Sie die Werkzeuge, die das Modell in dieser Unterhaltung nutzen darf</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="58"/>
        <source>Tools let the model run code or look things up; it uses only those ticked</source>
        <translation>Mit Werkzeugen kann das Modell Code ausführen oder nachschlagen; es nutzt nur die angehakten</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="104"/>
        <source>Browse the attached documents</source>
        <translation>Die angehängten Dokumente durchsuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="105"/>
        <source>Run Python code (no network)</source>
        <translation>Python-Code ausführen (ohne Netzwerk)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="109"/>
        <source>Tool server “%1”</source>
        <translation>Werkzeug-Server „%1“</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="114"/>
        <source>Preset</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="117"/>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="135"/>
        <source>Allowed without asking in this conversation:</source>
        <translation>In dieser Unterhaltung ohne Nachfrage erlaubt:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_menu.py" line="140"/>
        <source>Ask again before “%1 › %2”</source>
        <translation>Vor „%1 › %2“ wieder fragen</translation>
    </message>
</context>
<context>
    <name>ToolsPage</name>
    <message>
        <location filename="../../app/ui/tools_page.py" line="49"/>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="56"/>
        <source>Tool servers</source>
        <translation>Werkzeug-Server</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="58"/>
        <source>Choose a server to see its state and its tools below</source>
        <translation>Wählen Sie einen Server, um darunter seinen Zustand und seine Werkzeuge zu sehen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="61"/>
        <source>Use this server</source>
        <translation>Diesen Server verwenden</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="62"/>
        <source>Starts the server and offers its tools to the model</source>
        <translation>Startet den Server und bietet seine Werkzeuge dem Modell an</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="69"/>
        <source>What the server wrote to its error output</source>
        <translation>Was der Server in seine Fehlerausgabe geschrieben hat</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="70"/>
        <source>Tells why a server did not start</source>
        <translation>Sagt, warum ein Server nicht gestartet ist</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="73"/>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="73"/>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="73"/>
        <source>Never ask</source>
        <translation>Nie fragen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="74"/>
        <source>Tools of this server</source>
        <translation>Werkzeuge dieses Servers</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="76"/>
        <source>Tick the tools the model may use, and those it may use without asking</source>
        <translation>Haken Sie die Werkzeuge an, die das Modell nutzen darf, und die, die es ohne Nachfrage nutzen darf</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="79"/>
        <source>&amp;Start or restart</source>
        <translation>&amp;Starten oder neu starten</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="81"/>
        <source>Starts the chosen server, or restarts it with its current settings</source>
        <translation>Startet den gewählten Server oder startet ihn mit seinen jetzigen Einstellungen neu</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="84"/>
        <source>&amp;Import another app&apos;s configuration…</source>
        <translation>Einstellungen einer anderen App &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="86"/>
        <source>Adds the tool servers of another app&apos;s configuration file (JSON)</source>
        <translation>Fügt die Werkzeug-Server aus der Konfigurationsdatei (JSON) einer anderen App hinzu</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="90"/>
        <source>Tool servers run programs on this computer. Add only servers you trust.</source>
        <translation>Werkzeug-Server führen Programme auf diesem Computer aus. Fügen Sie nur Server hinzu, denen Sie vertrauen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="118"/>
        <source>None: the standard library only</source>
        <translation>Keiner: nur die Standardbibliothek</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="119"/>
        <source>Extra packages folder for the Python tool</source>
        <translation>Ordner mit zusätzlichen Paketen für das Python-Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="120"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="122"/>
        <source>Choose a folder of Python packages the Python tool may import</source>
        <translation>Einen Ordner mit Python-Paketen wählen, die das Python-Werkzeug importieren darf</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="125"/>
        <source>&amp;No extra packages</source>
        <translation>&amp;Keine zusätzlichen Pakete</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="126"/>
        <source>The Python tool imports the standard library only</source>
        <translation>Das Python-Werkzeug importiert nur die Standardbibliothek</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="129"/>
        <source>Python tool</source>
        <translation>Python-Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="133"/>
        <source>E&amp;xtra packages folder:</source>
        <translation>Ordner mit &amp;zusätzlichen Paketen:</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="137"/>
        <source>The Python tool may import the packages in this folder (pure Python, for example installed with pip install --target). It cannot change them.</source>
        <translation>Das Python-Werkzeug darf die Pakete in diesem Ordner importieren (reines Python, zum Beispiel mit pip install --target installiert). Ändern kann es sie nicht.</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="152"/>
        <source>Extra packages for the Python tool</source>
        <translation>Zusätzliche Pakete für das Python-Werkzeug</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="182"/>
        <source>stopping</source>
        <translation>wird beendet</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="184"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="186"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="188"/>
        <source>ready with %1 tools</source>
        <translation>bereit mit %1 Werkzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="190"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="192"/>
        <source>not started (starts when a conversation needs it)</source>
        <translation>nicht gestartet (startet, wenn eine Unterhaltung ihn braucht)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="292"/>
        <source>Import tool servers</source>
        <translation>Werkzeug-Server importieren</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="292"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="306"/>
        <source>Imported: %1</source>
        <translation>Importiert: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tools_page.py" line="306"/>
        <source>nothing new</source>
        <translation>nichts Neues</translation>
    </message>
</context>
<context>
    <name>TurnActions</name>
    <message>
        <location filename="../../app/ui/turn_actions.py" line="53"/>
        <source>Load a model first: File → Open model…</source>
        <translation>Laden Sie zuerst ein Modell: Datei → Modell öffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/turn_actions.py" line="59"/>
        <source>A document is still being read: send again once it is ready.</source>
        <translation>Ein Dokument wird noch gelesen: Bitte erneut senden, sobald es bereit ist.</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../app/ui/banners.py" line="75"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../../app/ui/banners.py" line="76"/>
        <source>Undo deleting the conversation</source>
        <translation>Löschen der Unterhaltung rückgängig machen</translation>
    </message>
    <message>
        <location filename="../../app/ui/banners.py" line="77"/>
        <source>Brings the deleted conversation back</source>
        <translation>Holt die gelöschte Unterhaltung zurück</translation>
    </message>
    <message>
        <location filename="../../app/ui/banners.py" line="79"/>
        <source>Deleted “%1”.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../app/ui/welcome.py" line="65"/>
        <source>Welcome to Lokal</source>
        <translation>Willkommen bei Lokal</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="68"/>
        <source>Lokal answers with OpenAI&apos;s gpt-oss model, running on this computer. To begin, download gpt-oss-20b once (about 12 GB; Lokal checks that it fits this computer first, and the download resumes if interrupted), or open a GGUF file you already have.</source>
        <translation>Lokal antwortet mit dem gpt-oss-Modell von OpenAI, das auf diesem Computer läuft. Laden Sie zu Beginn einmal gpt-oss-20b herunter (etwa 12 GB; Lokal prüft vorher, ob es auf diesen Computer passt, und ein unterbrochener Download wird fortgesetzt) oder öffnen Sie eine vorhandene GGUF-Datei.</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="74"/>
        <source>Download gpt-oss-20b…</source>
        <translation>gpt-oss-20b herunterladen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="75"/>
        <source>Download the model</source>
        <translation>Das Modell herunterladen</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="77"/>
        <source>Downloads gpt-oss-20b from the Hugging Face Hub, once</source>
        <translation>Lädt gpt-oss-20b einmalig vom Hugging Face Hub herunter</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="79"/>
        <source>Open a GGUF file…</source>
        <translation>Eine GGUF-Datei öffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="80"/>
        <source>Open a model file</source>
        <translation>Eine Modelldatei öffnen</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="82"/>
        <source>Loads a GGUF model file that is already on this computer</source>
        <translation>Lädt eine GGUF-Modelldatei, die schon auf diesem Computer liegt</translation>
    </message>
    <message>
        <location filename="../../app/ui/welcome.py" line="86"/>
        <source>Nothing you type or attach leaves this computer. Conversations are kept in Lokal&apos;s folder until you delete them.</source>
        <translation>Nichts, was Sie eingeben oder anhängen, verlässt diesen Computer. Unterhaltungen bleiben in Lokals Ordner, bis Sie sie löschen.</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <location filename="../../app/ui/window_menus.py" line="77"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="78"/>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="79"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="81"/>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="82"/>
        <source>&amp;Open model…</source>
        <translation>Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="83"/>
        <source>&amp;Models…</source>
        <translation>&amp;Modelle…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="84"/>
        <source>&amp;Attach files…</source>
        <translation>Dateien &amp;anhängen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="85"/>
        <source>&amp;Export conversation…</source>
        <translation>Unterhaltung &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="86"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="87"/>
        <source>&amp;Local server…</source>
        <translation>&amp;Lokaler Server…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="88"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="89"/>
        <source>&amp;Search all chats</source>
        <translation>Alle Chats &amp;durchsuchen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="90"/>
        <source>S&amp;top answering</source>
        <translation>Antwort an&amp;halten</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="91"/>
        <source>&amp;Regenerate the last answer</source>
        <translation>Letzte Antwort &amp;neu erzeugen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="92"/>
        <source>Re&amp;name conversation…</source>
        <translation>Unterhaltung &amp;umbenennen…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="93"/>
        <source>&amp;Delete conversation</source>
        <translation>Unterhaltung &amp;löschen</translation>
    </message>
    <message>
        <location filename="../../app/ui/window_menus.py" line="94"/>
        <source>&amp;About Lokal</source>
        <translation>&amp;Über Lokal</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="45"/>
        <location filename="../../app/core/engine/protocol.py" line="386"/>
        <source>A context of %1 tokens is not possible; ask for at least 1.</source>
        <extracomment>Common memory sizes, for &quot;use a computer with 16 GB or more&quot;.</extracomment>
        <translation>Ein Kontext von %1 Tokens ist nicht möglich; wählen Sie mindestens 1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="52"/>
        <source>%1 handles at most %2 tokens of context; %3 were asked for.</source>
        <translation>%1 verarbeitet höchstens %2 Tokens Kontext; verlangt waren %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="61"/>
        <source>The number of GPU layers cannot be negative (%1 was asked for).</source>
        <translation>Die Zahl der GPU-Schichten kann nicht negativ sein (verlangt war %1).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="68"/>
        <location filename="../../app/core/engine/protocol.py" line="396"/>
        <source>At least one thread is needed (%1 was asked for).</source>
        <translation>Mindestens ein Thread ist nötig (verlangt war %1).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="73"/>
        <source>The KV cache type must be one of %1, not %2.</source>
        <translation>Der KV-Cache-Typ muss einer von %1 sein, nicht %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="82"/>
        <source>%1 GPU layers were asked for, but this computer has no GPU that Lokal can use.</source>
        <translation>%1 GPU-Schichten waren verlangt, aber dieser Computer hat keine GPU, die Lokal nutzen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="90"/>
        <source>%1 GPU layers need</source>
        <translation>%1 GPU-Schichten brauchen</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="94"/>
        <source>Attention on the GPU with the experts in RAM needs</source>
        <translation>Attention auf der GPU mit den Experten im RAM braucht</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="99"/>
        <source>%1 %2 of GPU memory, but the %3 GPU can spare %4. Ask for fewer layers or let Lokal choose.</source>
        <translation>%1 %2 GPU-Speicher, aber die %3-GPU hat %4 frei. Wählen Sie weniger Schichten oder lassen Sie Lokal entscheiden.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="114"/>
        <source>A context of %1 tokens needs %2 of free memory; this computer has %3. %4 tokens would fit.</source>
        <translation>Ein Kontext von %1 Tokens braucht %2 freien Speicher; dieser Computer hat %3. %4 Tokens würden passen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="125"/>
        <source>A context of %1 tokens needs %2 of free memory; this computer has %3.</source>
        <translation>Ein Kontext von %1 Tokens braucht %2 freien Speicher; dieser Computer hat %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="138"/>
        <source>This computer has %1 of free memory; %2 needs at least %3. Close other programs or use a bigger computer.</source>
        <translation>Dieser Computer hat %1 freien Speicher; %2 braucht mindestens %3. Schließen Sie andere Programme oder nutzen Sie einen größeren Computer.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="148"/>
        <source>This computer has %1 of free memory; %2 needs at least %3. Close other programs or use a computer with %4 GB or more.</source>
        <translation>Dieser Computer hat %1 freien Speicher; %2 braucht mindestens %3. Schließen Sie andere Programme oder nutzen Sie einen Computer mit %4 GB oder mehr.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="162"/>
        <source>the system</source>
        <translation>das System</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="167"/>
        <source>%1 lets the GPU use about %2 % of the %3 memory (%4)</source>
        <translation>%1 lässt die GPU etwa %2 % der %3 Speicher nutzen (%4)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="174"/>
        <source>%1 lets the GPU use %2 of the %3 memory</source>
        <translation>%1 lässt die GPU %2 der %3 Speicher nutzen</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="205"/>
        <source>%1 An 8-bit cache makes room for %2 tokens of context.</source>
        <translation>%1 Ein 8-Bit-Cache schafft Platz für %2 Tokens Kontext.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="211"/>
        <source>%1 The context is cut to %2 tokens, with an 8-bit cache, to fit in memory.</source>
        <translation>%1 Der Kontext wird auf %2 Tokens gekürzt, mit einem 8-Bit-Cache, damit er in den Speicher passt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="218"/>
        <source>%1 The context is cut to %2 tokens to fit in memory.</source>
        <translation>%1 Der Kontext wird auf %2 Tokens gekürzt, damit er in den Speicher passt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="240"/>
        <source>The CPU runs the model with %1 threads, as requested (%2 of %3 free memory).</source>
        <translation>Der Prozessor führt das Modell wie gewünscht mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="245"/>
        <source>The GPU is too small to help, so the CPU runs the model with %1 threads (%2 of %3 free memory).</source>
        <translation>Die GPU ist zu klein, um zu helfen; der Prozessor führt das Modell mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="251"/>
        <source>No usable GPU was found, so the CPU runs the model with %1 threads (%2 of %3 free memory).</source>
        <translation>Keine nutzbare GPU gefunden; der Prozessor führt das Modell mit %1 Threads aus (%2 von %3 freiem Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="261"/>
        <source>The whole model runs on the GPU (%1), as requested: %2.</source>
        <translation>Das ganze Modell läuft wie gewünscht auf der GPU (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="268"/>
        <source>The whole model runs on the GPU (%1): %2.</source>
        <translation>Das ganze Modell läuft auf der GPU (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="274"/>
        <source>The whole model runs on the %1 GPU, as requested: it needs %2 of the %3 it can spare.</source>
        <translation>Das ganze Modell läuft wie gewünscht auf der %1-GPU: es braucht %2 der %3, die sie frei hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="280"/>
        <source>The whole model runs on the %1 GPU: it needs %2 of the %3 it can spare.</source>
        <translation>Das ganze Modell läuft auf der %1-GPU: es braucht %2 der %3, die sie frei hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="288"/>
        <source>%1, as requested: the whole model needs %2 and %3.</source>
        <translation>%1, wie gewünscht: das ganze Modell braucht %2, und %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="290"/>
        <source>%1: the whole model needs %2 and %3.</source>
        <translation>%1: das ganze Modell braucht %2, und %3.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="295"/>
        <source>%1, as requested (%2 of GPU memory).</source>
        <translation>%1, wie gewünscht (%2 GPU-Speicher).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="300"/>
        <source>%1: the %2 GPU is too small for the whole model (%3 needed, %4 to spare).</source>
        <translation>%1: die %2-GPU ist zu klein für das ganze Modell (%3 nötig, %4 frei).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="312"/>
        <source>Experts in RAM, attention on the GPU</source>
        <translation>Experten im RAM, Attention auf der GPU</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="316"/>
        <source>%1 of %2 layers</source>
        <translation>%1 von %2 Schichten</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="318"/>
        <source>Only the output layer</source>
        <translation>Nur die Ausgabeschicht</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="321"/>
        <source>%1 on the GPU with the experts in RAM</source>
        <translation>%1 auf der GPU, die Experten im RAM</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/load_plan_text.py" line="322"/>
        <source>%1 on the GPU, the rest on the CPU</source>
        <translation>%1 auf der GPU, der Rest auf dem Prozessor</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="128"/>
        <source>Too big for this computer</source>
        <extracomment>The memory this computer must have for the model (its own GPU counted): the one figure the description and the verdict both name. None when it cannot be told. It fits this computer, but not in what other programs leave free right now.</extracomment>
        <translation>Zu groß für diesen Computer</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="130"/>
        <source>It needs about %1 of memory on this computer, which has %2.</source>
        <translation>Es braucht auf diesem Computer etwa %1 Arbeitsspeicher; er hat %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="138"/>
        <source>Fits on %1</source>
        <translation>Passt auf %1</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="140"/>
        <source>Fits (processor only)</source>
        <translation>Passt (nur Prozessor)</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="142"/>
        <source>Fits (%1 and RAM)</source>
        <translation>Passt (%1 und RAM)</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="147"/>
        <source>It fits this computer&apos;s %1 of memory, but only %2 is free right now: close other programs first.</source>
        <translation>Es passt in die %1 Arbeitsspeicher dieses Computers, aber gerade sind nur %2 frei: Schließen Sie zuerst andere Programme.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="160"/>
        <source>Lokal can say whether it fits once the file is on this computer.</source>
        <translation>Ob es passt, kann Lokal sagen, sobald die Datei auf diesem Computer ist.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="171"/>
        <source>The model file could not be read (%1).</source>
        <translation>Die Modelldatei konnte nicht gelesen werden (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/fit.py" line="177"/>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="28"/>
        <source>Lokal is in offline mode; turn it off in the model manager (or with `lokal models offline off`) to download models.</source>
        <translation>Lokal ist im Offline-Modus; schalten Sie ihn im Fenster „Modelle“ aus (oder mit `lokal models offline off`), um Modelle herunterzuladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="131"/>
        <source>%1 asks you to accept its terms on huggingface.co first; then add your Hugging Face token in Lokal.</source>
        <extracomment>the Hub asked for a (different) token: gated, private, or refused &quot;revision&quot;: the Hub no longer has the version asked for</extracomment>
        <translation>Für %1 müssen Sie zuerst die Nutzungsbedingungen auf huggingface.co annehmen; fügen Sie danach Ihr Hugging-Face-Token in Lokal hinzu.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="140"/>
        <source>The Hub has no model called %1 (or it is private and needs a token).</source>
        <translation>Der Hub hat kein Modell namens %1 (oder es ist privat und braucht ein Token).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="146"/>
        <source>The Hub has no such version of %1.</source>
        <translation>Der Hub hat keine solche Version von %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="151"/>
        <source>The Hub refused access to %1; check your Hugging Face token.</source>
        <translation>Der Hub hat den Zugriff auf %1 verweigert; prüfen Sie Ihr Hugging-Face-Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="158"/>
        <source>The Hub is limiting requests right now; try again in a few minutes.</source>
        <translation>Der Hub begrenzt gerade die Anfragen; versuchen Sie es in ein paar Minuten noch einmal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="163"/>
        <source>The Hub answered with an error (HTTP %1) for %2; try again later.</source>
        <translation>Der Hub hat für %2 mit einem Fehler geantwortet (HTTP %1); versuchen Sie es später noch einmal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="174"/>
        <source>Could not reach the Hugging Face Hub at %1: %2. Details: %3</source>
        <translation>Der Hugging Face Hub unter %1 ist nicht erreichbar: %2. Details: %3</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="234"/>
        <source>The Hub did not say which version of %1 it has.</source>
        <translation>Der Hub hat nicht angegeben, welche Version von %1 er hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="246"/>
        <source>The Hub gave no checksum for %1; Lokal only installs files it can verify.</source>
        <translation>Der Hub hat keine Prüfsumme für %1 angegeben; Lokal installiert nur Dateien, die es prüfen kann.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/hub.py" line="257"/>
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
        <location filename="../../app/core/models/transfer.py" line="176"/>
        <source>Lokal cannot download from %1 addresses.</source>
        <extracomment>request headers (may carry the token: used, never stored)</extracomment>
        <translation>Lokal kann nicht von %1-Adressen herunterladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="179"/>
        <source>Lokal cannot download from this address.</source>
        <translation>Lokal kann nicht von dieser Adresse herunterladen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="223"/>
        <source>The server redirected the download too many times.</source>
        <translation>Der Server hat den Download zu oft umgeleitet.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="348"/>
        <source>The server refused the download; check your Hugging Face token.</source>
        <translation>Der Server hat den Download verweigert; prüfen Sie Ihr Hugging-Face-Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="356"/>
        <source>The file is no longer on the server.</source>
        <translation>Die Datei ist nicht mehr auf dem Server.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="361"/>
        <source>The server answered with an error (HTTP %1 %2).</source>
        <translation>Der Server hat mit einem Fehler geantwortet (HTTP %1 %2).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="390"/>
        <source>The connection failed (%1).</source>
        <translation>Die Verbindung ist fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="400"/>
        <source>The server refused the range.</source>
        <translation>Der Server hat den angefragten Bereich abgelehnt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="413"/>
        <source>The server changed the file.</source>
        <translation>Der Server hat die Datei geändert.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="426"/>
        <source>The server&apos;s file has %1 bytes, not the %2 the Hub listed.</source>
        <translation>Die Datei auf dem Server hat %1 Bytes, nicht die %2, die der Hub angegeben hat.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="462"/>
        <source>The connection broke (%1).</source>
        <translation>Die Verbindung ist abgebrochen (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="468"/>
        <source>The connection closed early.</source>
        <translation>Die Verbindung wurde vorzeitig geschlossen.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="476"/>
        <source>The disk is full; free some space and resume the download.</source>
        <translation>Der Datenträger ist voll; schaffen Sie Platz und setzen Sie den Download fort.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="484"/>
        <source>The file could not be written (%1).</source>
        <translation>Die Datei konnte nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="565"/>
        <source>%1 Lokal tried %2 times; resume the download later.</source>
        <translation>%1 Lokal hat es %2-mal versucht; setzen Sie den Download später fort.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="581"/>
        <source>%1 did not match the checksum the Hub listed, so it was not installed; download it again.</source>
        <translation>%1 passte nicht zur Prüfsumme, die der Hub angegeben hat, und wurde daher nicht installiert; laden Sie die Datei noch einmal herunter.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/transfer.py" line="605"/>
        <source>The download stalled.</source>
        <translation>Der Download kam nicht mehr voran.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="106"/>
        <source>%1 is part of a split model; choose its first part (00001).</source>
        <extracomment>why it cannot go on as it was: &quot;checksum&quot; or &quot;revision&quot; (see download.Failed)</extracomment>
        <translation>%1 ist Teil eines geteilten Modells; wählen Sie dessen ersten Teil (00001).</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="120"/>
        <source>The split model is incomplete: %1 is missing.</source>
        <translation>Das geteilte Modell ist unvollständig: %1 fehlt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="267"/>
        <source>%1 is not a file.</source>
        <translation>%1 ist keine Datei.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="277"/>
        <source>%1 is already in Lokal as %2.</source>
        <translation>%1 ist bereits als %2 in Lokal.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="299"/>
        <source>%1 could not be imported.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="300"/>
        <source>%1 could not be imported: %2</source>
        <translation>%1 konnte nicht importiert werden: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="320"/>
        <source>There is no model called %1.</source>
        <translation>Es gibt kein Modell namens %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="370"/>
        <source>%1 is missing.</source>
        <translation>%1 fehlt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/installed.py" line="385"/>
        <source>%1 does not match its checksum; download it again.</source>
        <translation>%1 passt nicht zu seiner Prüfsumme; laden Sie die Datei noch einmal herunter.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="71"/>
        <source>%1 is not a server address; it must start with http:// or https://.</source>
        <translation>%1 ist keine Serveradresse; sie muss mit http:// oder https:// beginnen.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="105"/>
        <source>%1 is not a host name or an address.</source>
        <translation>%1 ist weder ein Hostname noch eine Adresse.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="156"/>
        <source>There is no connection called %1.</source>
        <translation>Es gibt keine Verbindung namens %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="165"/>
        <source>A connection&apos;s name is up to 40 letters, digits, dots, dashes or underscores: %1 is not one.</source>
        <translation>Der Name einer Verbindung besteht aus bis zu 40 Buchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen: %1 ist keiner.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="176"/>
        <source>The CA file %1 does not exist.</source>
        <translation>Die CA-Datei %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="209"/>
        <location filename="../../app/core/connections/store.py" line="221"/>
        <source>The API key was not stored: %1</source>
        <translation>Der API-Schlüssel wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/store.py" line="211"/>
        <location filename="../../app/core/models/token.py" line="48"/>
        <source>no secure keyring is available on this computer</source>
        <translation>auf diesem Computer kein sicherer Schlüsselbund verfügbar ist</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="60"/>
        <source>the keyring in use (%1) keeps secrets in a file on disk</source>
        <translation>der verwendete Schlüsselbund (%1) Geheimnisse in einer Datei auf der Festplatte ablegt</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="65"/>
        <source>the keyring in use (%1) is not one Lokal can trust</source>
        <translation>Lokal dem verwendeten Schlüsselbund (%1) nicht vertrauen kann</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="88"/>
        <source>Lokal will not store the token because %1; it is kept in memory until Lokal quits and asked for again next time.</source>
        <translation>Lokal speichert das Token nicht, weil %1; es bleibt bis zum Beenden von Lokal im Arbeitsspeicher und wird beim nächsten Mal erneut abgefragt.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="143"/>
        <source>The token is empty.</source>
        <translation>Das Token ist leer.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/token.py" line="154"/>
        <source>The keyring did not store the token (%1); it is kept in memory until Lokal quits.</source>
        <translation>Der Schlüsselbund hat das Token nicht gespeichert (%1); es bleibt bis zum Beenden von Lokal im Arbeitsspeicher.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="127"/>
        <source>%1 lists several model files.</source>
        <extracomment>Free space kept beyond the download itself, for the system and the app&apos;s own files. what only downloading again from the start helps: &quot;checksum&quot; (a file arrived damaged) or &quot;revision&quot; (the Hub no longer has the version the download began with)</extracomment>
        <translation>%1 führt mehrere Modelldateien auf.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="130"/>
        <source>%1 lists parts of different models; Lokal cannot tell which to use.</source>
        <translation>%1 führt Teile verschiedener Modelle auf; Lokal kann nicht erkennen, welche gemeint sind.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="139"/>
        <source>%1 does not list every part of the split model.</source>
        <translation>%1 führt nicht alle Teile des geteilten Modells auf.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="165"/>
        <source>There is not enough free space in %1: the download needs %2 more (and %3 to spare), and only %4 is free.</source>
        <translation>In %1 ist nicht genug Platz frei: Der Download braucht noch %2 (und %3 Reserve), und nur %4 sind frei.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="233"/>
        <source>The version of %1 this download began with is no longer on the Hub.</source>
        <translation>Die Version von %1, mit der dieser Download begann, ist nicht mehr auf dem Hub.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="243"/>
        <source>%1 is already installed.</source>
        <translation>%1 ist bereits installiert.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/download.py" line="293"/>
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
        <location filename="../../app/core/documents/extract.py" line="121"/>
        <location filename="../../app/core/documents/word.py" line="125"/>
        <source>%1 has no text in it.</source>
        <translation>%1 enthält keinen Text.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/word.py" line="131"/>
        <source>%1 is damaged or not really a Word document.</source>
        <translation>%1 ist beschädigt oder kein echtes Word-Dokument.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/csv_table.py" line="28"/>
        <location filename="../../app/core/documents/extract.py" line="89"/>
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
        <location filename="../../app/core/documents/model.py" line="103"/>
        <source>%1 holds more than %2 characters of text, more than Lokal takes from one file.</source>
        <translation>%1 enthält mehr als %2 Zeichen Text, mehr als Lokal aus einer Datei übernimmt.</translation>
    </message>
    <message>
        <location filename="../../app/core/documents/model.py" line="115"/>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
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
        <location filename="../../app/core/engine/crash.py" line="10"/>
        <source>The engine was killed (SIGKILL). This usually means the computer ran out of memory: close other programs, or choose a shorter context or a smaller model.</source>
        <translation>Die Engine wurde beendet (SIGKILL). Meist war der Arbeitsspeicher voll: Schließen Sie andere Programme oder wählen Sie einen kürzeren Kontext oder ein kleineres Modell.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="15"/>
        <source>The engine aborted (SIGABRT): llama.cpp stopped on an internal error.</source>
        <translation>Die Engine wurde abgebrochen (SIGABRT): llama.cpp hat bei einem internen Fehler angehalten.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="18"/>
        <source>The engine crashed (SIGSEGV): llama.cpp made an invalid memory access.</source>
        <translation>Die Engine ist abgestürzt (SIGSEGV): llama.cpp hat unzulässig auf Speicher zugegriffen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="21"/>
        <source>The engine crashed (SIGILL): this llama.cpp uses an instruction this CPU does not have.</source>
        <translation>Die Engine ist abgestürzt (SIGILL): Dieses llama.cpp verwendet einen Befehl, den dieser Prozessor nicht kennt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="25"/>
        <source>The engine was stopped from outside (SIGTERM).</source>
        <translation>Die Engine wurde von außen beendet (SIGTERM).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="28"/>
        <source>The engine crashed (SIGBUS): the model file changed or became unreadable while in use.</source>
        <translation>Die Engine ist abgestürzt (SIGBUS): Die Modelldatei wurde während der Nutzung verändert oder unlesbar.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/crash.py" line="37"/>
        <source>The engine stopped responding.</source>
        <translation>Die Engine antwortet nicht mehr.</translation>
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
        <location filename="../../app/core/engine/engine_process.py" line="174"/>
        <source>The engine failed on an internal error.</source>
        <translation>Die Engine ist an einem internen Fehler gescheitert.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/engine_process.py" line="175"/>
        <source>The engine failed: %1</source>
        <translation>Die Engine ist gescheitert: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/safe_mode.py" line="158"/>
        <source>The engine crashed (%1) while trying this model on this computer, so it runs in a safe configuration: CPU only, without AMX or repacked weights. It may be slower.</source>
        <translation>Die Engine ist beim Ausprobieren dieses Modells auf diesem Computer abgestürzt (%1). Es läuft daher in einer sicheren Konfiguration: nur Prozessor, ohne AMX und ohne umgepackte Gewichte. Das kann langsamer sein.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/safe_mode.py" line="169"/>
        <source>This model crashed the engine on this computer before, so it runs in a safe configuration: CPU only, without AMX or repacked weights. It may be slower.</source>
        <translation>Dieses Modell hat die Engine auf diesem Computer schon einmal abstürzen lassen. Es läuft daher in einer sicheren Konfiguration: nur Prozessor, ohne AMX und ohne umgepackte Gewichte. Das kann langsamer sein.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/generation.py" line="152"/>
        <source>The conversation (%1 tokens) no longer fits the model&apos;s context (%2 tokens). Start a new conversation or raise the context length.</source>
        <translation>Die Unterhaltung (%1 Token) passt nicht mehr in den Kontext des Modells (%2 Token). Beginnen Sie eine neue Unterhaltung oder vergrößern Sie die Kontextlänge.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="332"/>
        <source>The temperature must be a number of at least 0, not %1.</source>
        <translation>Die Temperatur muss eine Zahl von mindestens 0 sein, nicht %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="341"/>
        <source>Top-p must be more than 0 and at most 1, not %1.</source>
        <translation>Top-p muss größer als 0 und höchstens 1 sein, nicht %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="349"/>
        <source>Top-k must be a whole number from 0 (off) to %1, not %2.</source>
        <translation>Top-k muss eine ganze Zahl von 0 (aus) bis %1 sein, nicht %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="359"/>
        <source>Min-p must be a number from 0 to 1, not %1.</source>
        <translation>Min-p muss eine Zahl von 0 bis 1 sein, nicht %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="367"/>
        <source>The seed must be a whole number from 0 to %1, not %2.</source>
        <translation>Der Seed muss eine ganze Zahl von 0 bis %1 sein, nicht %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="377"/>
        <source>The answer&apos;s token limit must be at least 1, not %1.</source>
        <translation>Die Token-Grenze der Antwort muss mindestens 1 sein, nicht %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/protocol.py" line="424"/>
        <source>llama.cpp can use 1 to %1 threads, not %2.</source>
        <translation>llama.cpp kann 1 bis %1 Threads nutzen, nicht %2.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/threads.py" line="24"/>
        <source>%1 threads were asked for; this computer runs %2 at once, so %2 are used.</source>
        <translation>%1 Threads wurden verlangt; dieser Computer führt %2 gleichzeitig aus, also werden %2 genutzt.</translation>
    </message>
    <message>
        <location filename="../../app/core/store/recovery.py" line="38"/>
        <source>Lokal could not read its conversation history, so it started a new one. The old file is kept at %1.</source>
        <translation>Lokal konnte den Gesprächsverlauf nicht lesen und hat einen neuen begonnen. Die alte Datei liegt unter %1.</translation>
    </message>
    <message>
        <location filename="../../app/core/store/recovery.py" line="79"/>
        <source>Lokal cannot read its conversation history at %1, and cannot move it aside to start a new one (%2).</source>
        <translation>Lokal kann den Gesprächsverlauf unter %1 nicht lesen und ihn auch nicht beiseitelegen, um einen neuen zu beginnen (%2).</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/model_control.py" line="32"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/model_control.py" line="33"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/model_control.py" line="34"/>
        <source>%1 was not loaded: %2 %3 stays in use.</source>
        <translation>%1 wurde nicht geladen: %2 %3 bleibt in Verwendung.</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/turn_job.py" line="37"/>
        <source>The question could not be saved: %1</source>
        <translation>Die Frage konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/turn_job.py" line="38"/>
        <source>The answer could not be produced: %1</source>
        <translation>Die Antwort konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/service.py" line="467"/>
        <source>The engine ended the answer without a word.</source>
        <translation>Die Engine hat die Antwort ohne ein Wort beendet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/service.py" line="468"/>
        <source>The engine could not do this: %1</source>
        <translation>Die Engine konnte das nicht ausführen: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/turn.py" line="48"/>
        <source>The answer was ended after %1 tool calls, the most one answer may make.</source>
        <extracomment>Tool calls one answer may make before it is ended.</extracomment>
        <translation>Die Antwort wurde nach %1 Werkzeugaufrufen beendet, mehr darf eine Antwort nicht machen.</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/turn.py" line="51"/>
        <location filename="../../app/core/tools/results.py" line="21"/>
        <source>The call to “%1” was stopped.</source>
        <translation>Der Aufruf von „%1“ wurde angehalten.</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/turn.py" line="53"/>
        <source>The model called “%1”, a tool that is not on offer.</source>
        <translation>Das Modell hat „%1“ aufgerufen, ein Werkzeug, das nicht angeboten wird.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/browser_tool.py" line="30"/>
        <source>This conversation has no documents to search.</source>
        <translation>Diese Unterhaltung hat keine Dokumente zum Durchsuchen.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/browser_tool.py" line="31"/>
        <source>The browser found nothing to open for “%1”.</source>
        <translation>Der Browser hat für „%1“ nichts zum Öffnen gefunden.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/browser_tool.py" line="32"/>
        <source>The browser cannot do “%1”.</source>
        <translation>Der Browser kann „%1“ nicht ausführen.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/config.py" line="25"/>
        <source>The tool configuration %1 cannot be read: %2</source>
        <translation>Die Werkzeug-Einstellungen %1 lassen sich nicht lesen: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/config.py" line="26"/>
        <source>The tool server “%1” needs either a command or a URL.</source>
        <translation>Der Werkzeug-Server „%1“ braucht entweder einen Befehl oder eine URL.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/python_tool.py" line="29"/>
        <source>The Python code ran longer than %1 seconds and was stopped.</source>
        <translation>Der Python-Code lief länger als %1 Sekunden und wurde angehalten.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/python_tool.py" line="30"/>
        <source>The Python code was ended by the system (%1).</source>
        <translation>Der Python-Code wurde vom System beendet (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/python_tool.py" line="31"/>
        <source>The Python code failed; its error is in the result.</source>
        <translation>Der Python-Code ist fehlgeschlagen; sein Fehler steht im Ergebnis.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/python_tool.py" line="32"/>
        <source>The Python code was stopped.</source>
        <translation>Der Python-Code wurde angehalten.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="14"/>
        <source>The tool “%1” did not answer within %2 seconds.</source>
        <extracomment>The most characters of a result the model is given (the rest is cut, with a note).</extracomment>
        <translation>Das Werkzeug „%1“ hat nicht innerhalb von %2 Sekunden geantwortet.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="15"/>
        <source>The tool server “%1” failed: %2</source>
        <translation>Der Werkzeug-Server „%1“ ist ausgefallen: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="16"/>
        <source>There is no tool server called “%1”.</source>
        <translation>Es gibt keinen Werkzeug-Server namens „%1“.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="17"/>
        <source>The tool server “%1” has no tool called “%2”.</source>
        <translation>Der Werkzeug-Server „%1“ hat kein Werkzeug namens „%2“.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="18"/>
        <source>The tool “%1” reported an error.</source>
        <translation>Das Werkzeug „%1“ hat einen Fehler gemeldet.</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="19"/>
        <source>The arguments for “%1” are not a JSON object: %2</source>
        <translation>Die Argumente für „%1“ sind kein JSON-Objekt: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/tools/results.py" line="20"/>
        <source>The tool server “%1” answered nonsense: %2</source>
        <translation>Der Werkzeug-Server „%1“ hat Unsinn geantwortet: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/server/api_key.py" line="40"/>
        <source>The server needs a key and no secure keyring is available to keep one; give it with --api-key or the LOKAL_API_KEY environment variable.</source>
        <translation>Der Server braucht einen Schlüssel, und kein sicherer Schlüsselbund kann einen aufbewahren; geben Sie ihn mit --api-key oder der Umgebungsvariable LOKAL_API_KEY an.</translation>
    </message>
    <message>
        <location filename="../../app/core/server/api_key.py" line="55"/>
        <source>The keyring did not give the server&apos;s key (%1).</source>
        <translation>Der Schlüsselbund hat den Schlüssel des Servers nicht herausgegeben (%1).</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/overflow.py" line="106"/>
        <source>Summary of the earlier conversation “%1” (too long for the model&apos;s context). Questions asked there:
%2

Its last answer:
%3</source>
        <translation>Zusammenfassung der früheren Unterhaltung „%1“ (zu lang für den Kontext des Modells). Dort gestellte Fragen:
%2

Ihre letzte Antwort:
%3</translation>
    </message>
    <message>
        <location filename="../../app/core/chat/overflow.py" line="125"/>
        <source>This conversation (about %1 tokens) no longer fits the model&apos;s context of %2 tokens: start a new conversation with a summary of it, leave out its oldest turns, or keep attached documents as retrieval only.</source>
        <translation>Diese Unterhaltung (etwa %1 Token) passt nicht mehr in den Kontext des Modells von %2 Token: Beginnen Sie eine neue Unterhaltung mit einer Zusammenfassung, lassen Sie die ältesten Wechsel weg oder nutzen Sie angehängte Dokumente nur als Fundstellen.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="104"/>
        <source>a short answer failed: %1</source>
        <translation>eine kurze Antwort ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="107"/>
        <source>its gpt-oss reasoning arrives apart from the answer</source>
        <translation>sein gpt-oss-Denkprozess kommt getrennt von der Antwort an</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="110"/>
        <source>a short answer came without reasoning (check the server&apos;s reasoning parser)</source>
        <translation>eine kurze Antwort kam ohne Denkprozess (prüfen Sie den Reasoning-Parser des Servers)</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="123"/>
        <source>an OpenAI-compatible server</source>
        <translation>ein OpenAI-kompatibler Server</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="125"/>
        <source>accepted the API key</source>
        <translation>hat den API-Schlüssel angenommen</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="127"/>
        <source>needs no API key</source>
        <translation>braucht keinen API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="131"/>
        <source>%1 (%2) is reachable and %3, but offers no models.</source>
        <translation>%1 (%2) ist erreichbar und %3, bietet aber keine Modelle an.</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="135"/>
        <source>none of them is named as a gpt-oss model</source>
        <translation>keines davon ist als gpt-oss-Modell benannt</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="137"/>
        <source>a gpt-oss model is among them</source>
        <translation>darunter ist ein gpt-oss-Modell</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="140"/>
        <source>a gpt-oss model is among them, and %1</source>
        <translation>darunter ist ein gpt-oss-Modell, und %1</translation>
    </message>
    <message>
        <location filename="../../app/core/connections/probe.py" line="143"/>
        <source>%1 (%2) is reachable, %3, and offers %4 model(s): %5; %6.</source>
        <translation>%1 (%2) ist erreichbar, %3 und bietet %4 Modell(e) an: %5; %6.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="7"/>
        <source>%1 refused the API key (HTTP %2); check the key in the connection&apos;s settings.</source>
        <translation>%1 hat den API-Schlüssel abgelehnt (HTTP %2); prüfen Sie den Schlüssel in den Einstellungen der Verbindung.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="10"/>
        <source>%1 has no model called %2; choose one of the models its test lists.</source>
        <translation>%1 hat kein Modell namens %2; wählen Sie eines der Modelle, die der Test der Verbindung auflistet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="13"/>
        <source>%1 is overloaded (HTTP %2) and asks to try again in %3 seconds.</source>
        <translation>%1 ist überlastet (HTTP %2) und bittet, es in %3 Sekunden erneut zu versuchen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="16"/>
        <source>%1 is overloaded (HTTP %2); try again in a while.</source>
        <translation>%1 ist überlastet (HTTP %2); versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="17"/>
        <source>%1 answered with an error (HTTP %2): %3</source>
        <translation>%1 hat mit einem Fehler geantwortet (HTTP %2): %3</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="18"/>
        <source>%1 cannot be reached: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="19"/>
        <source>The secure connection to %1 failed (%2); if the server uses its own certificate, name its CA file in the connection.</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen (%2); wenn der Server ein eigenes Zertifikat verwendet, geben Sie dessen CA-Datei in der Verbindung an.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="24"/>
        <source>The connection to %1 was lost in the middle of the answer.</source>
        <translation>Die Verbindung zu %1 ist mitten in der Antwort abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="25"/>
        <source>%1 sent a reply that is not an OpenAI-compatible stream (%2).</source>
        <translation>%1 hat eine Antwort gesendet, die kein OpenAI-kompatibler Datenstrom ist (%2).</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="28"/>
        <source>%1 stopped the answer with an error: %2</source>
        <translation>%1 hat die Antwort mit einem Fehler beendet: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="29"/>
        <source>Lokal is in offline mode, and %1 is not marked as on this network, so it was not contacted.</source>
        <translation>Lokal ist im Offline-Modus, und %1 ist nicht als „in diesem Netzwerk“ markiert; der Server wurde daher nicht kontaktiert.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="33"/>
        <source>%1 reached the answer&apos;s length limit in the middle of a tool call, so the call was not run.</source>
        <translation>%1 hat mitten in einem Werkzeugaufruf die Längengrenze der Antwort erreicht; der Aufruf wurde daher nicht ausgeführt.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="37"/>
        <source>%1 sent the request on to %2; enter that address in the connection instead.</source>
        <translation>%1 hat die Anfrage an %2 weitergeleitet; tragen Sie stattdessen diese Adresse in der Verbindung ein.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/remote/failures.py" line="40"/>
        <source>The proxy refused the connection to %1 (%2); check the proxy&apos;s user name and password.</source>
        <translation>Der Proxy hat die Verbindung zu %1 abgelehnt (%2); prüfen Sie Benutzernamen und Passwort des Proxys.</translation>
    </message>
    <message>
        <location filename="../../app/core/update_notice.py" line="59"/>
        <source>Updated to %1</source>
        <translation>Aktualisiert auf %1</translation>
    </message>
    <message>
        <location filename="../../app/core/about.py" line="203"/>
        <source>gpt-oss (model weights, OpenAI)</source>
        <extracomment>Licence texts that ship with Lokal, by file name in resources/licenses/.</extracomment>
        <translation>gpt-oss (Modellgewichte, OpenAI)</translation>
    </message>
    <message>
        <location filename="../../app/core/about.py" line="209"/>
        <source>llama.cpp (in llama-cpp-python)</source>
        <translation>llama.cpp (in llama-cpp-python)</translation>
    </message>
    <message>
        <location filename="../../app/core/about.py" line="215"/>
        <source>Qt (in PySide6)</source>
        <translation>Qt (in PySide6)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="83"/>
        <source>Using %1 on %2 (%3 shared)</source>
        <extracomment>ggml backend library names (libggml-&lt;name&gt;*.so, ggml-&lt;name&gt;*.dll) that drive a GPU, with the name people know them by and what they need to start. The best instruction set llama.cpp reports, most capable first.</extracomment>
        <translation>%1 auf %2 (%3 gemeinsam genutzt)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="85"/>
        <source>Using %1 on %2 (%3)</source>
        <translation>%1 auf %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="92"/>
        <source>Using the CPU (%1, %2 cores)</source>
        <translation>Die CPU rechnet (%1, %2 Kerne)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="94"/>
        <source>Using the CPU (%1 cores)</source>
        <translation>Die CPU rechnet (%1 Kerne)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="102"/>
        <source>the %1 backend found no GPU it can use</source>
        <translation>das %1-Backend fand keine nutzbare GPU</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="107"/>
        <source>the %1 backend could not start (%2)</source>
        <translation>das %1-Backend konnte nicht starten (%2)</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="109"/>
        <source>no GPU backend is available in this build</source>
        <translation>diese Version enthält kein GPU-Backend</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="114"/>
        <source>the whole model fits in VRAM</source>
        <translation>das ganze Modell passt in den Grafikspeicher</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="117"/>
        <source>the model&apos;s attention fits in VRAM; experts stay in RAM</source>
        <translation>die Attention des Modells passt in den Grafikspeicher; die Experten bleiben im Arbeitsspeicher</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="121"/>
        <source>%1 of %2 layers fit in VRAM; the experts stay in RAM</source>
        <translation>%1 von %2 Schichten passen in den Grafikspeicher; die Experten bleiben im Arbeitsspeicher</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="123"/>
        <source>%1 of %2 layers fit in VRAM; the rest run on the CPU</source>
        <translation>%1 von %2 Schichten passen in den Grafikspeicher; der Rest läuft auf der CPU</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="128"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="132"/>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="151"/>
        <source>llama.cpp found this GPU</source>
        <translation>llama.cpp hat diese GPU gefunden</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/backend_report.py" line="156"/>
        <source>the %1 GPU is too small to help</source>
        <translation>die GPU mit %1 ist zu klein, um zu helfen</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/client.py" line="70"/>
        <source>The engine did not answer.</source>
        <extracomment>What a request says when the engine sent something other than its answer.</extracomment>
        <translation>Die Engine hat nicht geantwortet.</translation>
    </message>
    <message>
        <location filename="../../app/core/engine/client.py" line="354"/>
        <source>The engine did not answer within %1 seconds.</source>
        <extracomment>Which backend the last planned load uses and why, one sentence (backend_report). Set when the loaded model runs in the safe configuration, saying why (safe_mode.py).</extracomment>
        <translation>Die Engine hat nicht innerhalb von %1 Sekunden geantwortet.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/catalog_text.py" line="15"/>
        <source>OpenAI&apos;s open-weight model for everyday computers: 21B parameters, 3.6B active per token.</source>
        <translation>Das Open-Weight-Modell von OpenAI für gewöhnliche Computer: 21 Mrd. Parameter, davon 3,6 Mrd. aktiv pro Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/models/catalog_text.py" line="19"/>
        <source>The larger gpt-oss, for computers with much memory: 117B parameters, 5.1B active per token.</source>
        <translation>Das größere gpt-oss, für Rechner mit viel Arbeitsspeicher: 117 Mrd. Parameter, davon 5,1 Mrd. aktiv pro Token.</translation>
    </message>
    <message>
        <location filename="../../app/core/network_reason.py" line="35"/>
        <source>the address could not be looked up (is this computer online?)</source>
        <extracomment>Looked for in the text when the library wrapped the OS error in its own exception.</extracomment>
        <translation>die Adresse ließ sich nicht auflösen (ist dieser Computer online?)</translation>
    </message>
    <message>
        <location filename="../../app/core/network_reason.py" line="42"/>
        <source>the connection was refused</source>
        <translation>die Verbindung wurde abgelehnt</translation>
    </message>
    <message>
        <location filename="../../app/core/network_reason.py" line="44"/>
        <source>the secure connection could not be set up</source>
        <translation>die sichere Verbindung ließ sich nicht aufbauen</translation>
    </message>
    <message>
        <location filename="../../app/core/network_reason.py" line="46"/>
        <source>there was no answer in time</source>
        <translation>es kam keine Antwort in der erwarteten Zeit</translation>
    </message>
    <message>
        <location filename="../../app/core/network_reason.py" line="47"/>
        <source>the connection failed</source>
        <translation>die Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="139"/>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="139"/>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="142"/>
        <source>Reasoning</source>
        <translation>Denkweg</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="147"/>
        <source>Tool call to %1:</source>
        <translation>Werkzeugaufruf an %1:</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="159"/>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="160"/>
        <source>interrupted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="161"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="170"/>
        <source>approved: %1</source>
        <translation>erlaubt: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="175"/>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <location filename="../../app/core/store/exchange.py" line="176"/>
        <source>Tool result from %1</source>
        <translation>Werkzeugergebnis von %1</translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <location filename="../../app/ui/launch.py" line="107"/>
        <source>Lokal is already running but does not answer. Close it, then try again.</source>
        <translation>Lokal läuft bereits, antwortet aber nicht. Schließen Sie es und versuchen Sie es erneut.</translation>
    </message>
</context>
</TS>
