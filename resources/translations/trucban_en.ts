<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en">
<context>
    <name>CrashDialog</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/crash_dialog.py" line="+40"/>
        <source>%n error(s) since this message was first shown.</source>
        <translation>
            <numerusform>%n error since this message was first shown.</numerusform>
            <numerusform>%n errors since this message was first shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/status_bar.py" line="+34"/>
        <source>%n camera(s)</source>
        <translation>
            <numerusform>%n camera</numerusform>
            <numerusform>%n cameras</numerusform>
        </translation>
    </message>
</context>
</TS>
