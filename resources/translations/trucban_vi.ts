<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="+30"/>
        <source>About Trực Ban</source>
        <translation>Giới thiệu Trực Ban</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version {version}</source>
        <translation>Phiên bản {version}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video wall and violation review workstation for duty rooms.</source>
        <translation>Máy trạm tường video và xử lý vi phạm dành cho phòng trực ban.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>CameraTreeDock</name>
    <message>
        <location filename="../../ui/cameras/camera_tree.py" line="+114"/>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter cameras and sites…</source>
        <translation>Lọc camera và địa bàn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click a camera to open it on the wall, or drag cameras onto a tile.</source>
        <translation>Nhấp đúp vào camera để mở trên tường video, hoặc kéo camera thả vào một ô.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The camera list could not be loaded. Details are in the log.</source>
        <translation>Không tải được danh sách camera. Chi tiết có trong nhật ký.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No cameras yet. Add cameras or search the network for them.</source>
        <translation>Chưa có camera nào. Hãy thêm camera hoặc dò tìm camera trên mạng.</translation>
    </message>
</context>
<context>
    <name>CameraTreeModel</name>
    <message>
        <location filename="../../ui/cameras/camera_tree_model.py" line="+100"/>
        <source>Cameras without a site</source>
        <translation>Camera chưa gán địa bàn</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Traffic camera</source>
        <translation>Camera giao thông</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security camera</source>
        <translation>Camera an ninh</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PTZ: pan, tilt and zoom</source>
        <translation>PTZ: quay, nghiêng và thu phóng</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disabled</source>
        <translation>Đã tắt</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/widgets/crash_dialog.py" line="+32"/>
        <source>Unexpected error</source>
        <translation>Lỗi không mong muốn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An unexpected error occurred; details were saved to {path}. The video wall keeps running.</source>
        <translation>Đã xảy ra lỗi không mong muốn; chi tiết đã được lưu vào {path}. Tường video vẫn tiếp tục hoạt động.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An unexpected error occurred and its details could not be saved. The video wall keeps running.</source>
        <translation>Đã xảy ra lỗi không mong muốn và không lưu được chi tiết lỗi. Tường video vẫn tiếp tục hoạt động.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n error(s) since this message was first shown.</source>
        <translation>
            <numerusform>%n lỗi kể từ khi thông báo này hiện lần đầu.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>EventList</name>
    <message>
        <location filename="../../ui/widgets/event_list.py" line="+34"/>
        <source>Critical</source>
        <translation>Nghiêm trọng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Information</source>
        <translation>Thông tin</translation>
    </message>
</context>
<context>
    <name>EventListDock</name>
    <message>
        <location line="+120"/>
        <location line="+8"/>
        <source>Events (unavailable)</source>
        <translation>Sự kiện (không đọc được)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Events</source>
        <translation>Sự kiện</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <location line="-59"/>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Severity</source>
        <translation>Mức độ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <location filename="../../ui/launch.py" line="+41"/>
        <source>Analytics is disabled: no road-user detection model is installed (install a model bundle: make demo MODELS=FOLDER).</source>
        <translation>Phân tích video đang tắt: chưa cài mô hình nhận dạng phương tiện (cài gói mô hình: make demo MODELS=THƯ_MỤC).</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Starting the simulated cameras…</source>
        <translation>Đang khởi động camera mô phỏng…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+16"/>
        <source>Demo</source>
        <translation>Trình diễn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The simulated cameras could not start:</source>
        <translation>Không khởi động được camera mô phỏng:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
</context>
<context>
    <name>LocalAdminBanner</name>
    <message>
        <location filename="../../ui/widgets/admin_banner.py" line="+32"/>
        <source>Local administrator mode</source>
        <translation>Chế độ quản trị cục bộ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local administrator mode — sign-in and roles are not enabled yet</source>
        <translation>Chế độ quản trị cục bộ — chưa bật đăng nhập và phân quyền</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+110"/>
        <source>Trực Ban — Video wall</source>
        <translation>Trực Ban — Tường video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full screen</source>
        <translation>&amp;Toàn màn hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Trực Ban</source>
        <translation>&amp;Giới thiệu Trực Ban</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video wall</source>
        <translation>Tường video</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The translation file {path} is missing; the interface is shown in English.</source>
        <translation>Không tìm thấy tệp bản dịch {path}; giao diện đang hiển thị bằng tiếng Anh.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <location filename="../../ui/widgets/notice_bar.py" line="+42"/>
        <source>Dismiss</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide these notices</source>
        <translation>Ẩn các thông báo này</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="+127"/>
        <source>The settings could not be saved: {error}</source>
        <translation>Không lưu được cài đặt: {error}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Database URL</source>
        <translation>Địa chỉ cơ sở &amp;dữ liệu (URL)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Network caching</source>
        <translation>&amp;Bộ đệm mạng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default &amp;wall grid</source>
        <translation>&amp;Lưới tường video mặc định</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Main stream above tile width</source>
        <translation>Dùng luồng chính khi ô rộng &amp;hơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum &amp;reconnect delay</source>
        <translation>&amp;Thời gian chờ kết nối lại tối đa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock when &amp;idle after</source>
        <translation>&amp;Khóa máy khi không thao tác sau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>M&amp;odels folder</source>
        <translation>Thư mục &amp;mô hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Agency name</source>
        <translation>Tên &amp;cơ quan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Empty: local SQLite database</source>
        <translation>Để trống: dùng cơ sở dữ liệu SQLite cục bộ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For PostgreSQL: postgresql+psycopg://user@host/database. Keep the password in the PostgreSQL password file (~/.pgpass), not in the URL.</source>
        <translation>Với PostgreSQL: postgresql+psycopg://user@host/database. Hãy lưu mật khẩu trong tệp mật khẩu PostgreSQL (~/.pgpass), không ghi vào URL.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> tiles per side</source>
        <translation> ô mỗi cạnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> phút</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never</source>
        <translation>Không bao giờ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty: the models folder in the data folder</source>
        <translation>Để trống: thư mục models trong thư mục dữ liệu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The interface changes language as soon as you save.</source>
        <translation>Giao diện đổi ngôn ngữ ngay khi bạn lưu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This folder does not exist.</source>
        <translation>Thư mục này không tồn tại.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the agency name printed on documents.</source>
        <translation>Hãy nhập tên cơ quan được in trên văn bản.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This is not a valid database URL.</source>
        <translation>Đây không phải là địa chỉ cơ sở dữ liệu hợp lệ.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use sqlite:///path/to/file.db or postgresql+psycopg://user@host/database.</source>
        <translation>Hãy dùng sqlite:///path/to/file.db hoặc postgresql+psycopg://user@host/database.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave the password out of the URL: the settings file is plain text. Put it in the PostgreSQL password file (~/.pgpass) instead.</source>
        <translation>Không ghi mật khẩu vào URL vì tệp cài đặt là văn bản thường. Hãy lưu mật khẩu trong tệp mật khẩu PostgreSQL (~/.pgpass).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Must be between {low} and {high}.</source>
        <translation>Phải nằm trong khoảng từ {low} đến {high}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Must be one of: {choices}.</source>
        <translation>Phải là một trong các giá trị: {choices}.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Models folder</source>
        <translation>Thư mục mô hình</translation>
    </message>
</context>
<context>
    <name>ShellStatusBar</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/status_bar.py" line="+34"/>
        <source>%n camera(s)</source>
        <translation>
            <numerusform>%n camera</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: {label}</source>
        <translation>Cơ sở dữ liệu: {label}</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <location filename="../../ui/wall/tile.py" line="+42"/>
        <source>no camera</source>
        <translation>chưa có camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connecting</source>
        <translation>đang kết nối</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>live</source>
        <translation>trực tiếp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reconnecting</source>
        <translation>đang kết nối lại</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>mất tín hiệu</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>stream ended</source>
        <translation>luồng video kết thúc</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>player error</source>
        <translation>lỗi trình phát</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>no picture for {seconds} s</source>
        <translation>không có hình {seconds} giây</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <location filename="../../ui/wall/wall_view.py" line="+81"/>
        <source>The grid must be 1×1 to 5×5.</source>
        <translation>Lưới phải từ 1×1 đến 5×5.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no stream address</source>
        <translation>không có địa chỉ luồng video</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>invalid stream address</source>
        <translation>địa chỉ luồng video không hợp lệ</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>There is no tile {index} on this wall.</source>
        <translation>Tường video không có ô số {index}.</translation>
    </message>
</context>
</TS>
