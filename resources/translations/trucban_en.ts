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
    <name>MaintenanceWindow</name>
    <message numerus="yes">
        <location filename="../../ui/maintenance/maintenance_window.py" line="+235"/>
        <source>%n camera(s) overdue for maintenance</source>
        <translation>
            <numerusform>%n camera overdue for maintenance</numerusform>
            <numerusform>%n cameras overdue for maintenance</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverdueIndicator</name>
    <message numerus="yes">
        <location filename="../../ui/maintenance/overdue_indicator.py" line="+57"/>
        <source>%n camera(s) overdue for maintenance</source>
        <translation>
            <numerusform>%n camera overdue for maintenance</numerusform>
            <numerusform>%n cameras overdue for maintenance</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message numerus="yes">
        <location filename="../../ui/maintenance/schedule_view.py" line="+47"/>
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Overdue by %n day</numerusform>
            <numerusform>Overdue by %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>In %n day(s)</source>
        <translation>
            <numerusform>In %n day</numerusform>
            <numerusform>In %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
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
