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
    <name>AnalysisDock</name>
    <message>
        <location filename="../../ui/analytics/analysis_dock.py" line="+38"/>
        <location line="+98"/>
        <location line="+16"/>
        <location line="+14"/>
        <source>Analysis</source>
        <translation>Phân tích</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Analytics is disabled: no road-user detection model is installed (Models…).</source>
        <translation>Phân tích đang tắt: chưa cài mô hình nhận dạng người và phương tiện giao thông (Mô hình…).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No camera is analysed. Right-click a tile and choose &quot;Analyse this camera&quot;.</source>
        <translation>Chưa có camera nào được phân tích. Nhấp chuột phải vào một ô và chọn &quot;Phân tích camera này&quot;.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reconnecting: {reason}</source>
        <translation>Đang kết nối lại: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting…</source>
        <translation>Đang khởi động…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Analysis could not be switched: {error}</source>
        <translation>Không chuyển được chế độ phân tích: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Analytics is disabled: no road-user detection model is installed. Install one on the Models page.</source>
        <translation>Phân tích đang tắt: chưa cài mô hình nhận dạng người và phương tiện giao thông. Hãy cài một mô hình ở trang Mô hình.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Starting analysis of {camera}…</source>
        <translation>Đang bắt đầu phân tích {camera}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopping analysis of {camera}…</source>
        <translation>Đang dừng phân tích {camera}…</translation>
    </message>
</context>
<context>
    <name>AnalysisOverlay</name>
    <message>
        <location filename="../../ui/analytics/overlay.py" line="+41"/>
        <source>person</source>
        <translation>người</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>motorbike</source>
        <translation>xe máy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>car</source>
        <translation>ô tô</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>truck</source>
        <translation>xe tải</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bus</source>
        <translation>xe buýt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vehicle</source>
        <translation>xe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>other</source>
        <translation>khác</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Red light</source>
        <translation>Vượt đèn đỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong way</source>
        <translation>Đi ngược chiều</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong lane</source>
        <translation>Đi sai làn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Illegal stop</source>
        <translation>Dừng đỗ sai quy định</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many riders</source>
        <translation>Chở quá số người</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weaving</source>
        <translation>Lạng lách</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crowd</source>
        <translation>Tụ tập đông người</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intrusion</source>
        <translation>Xâm nhập</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>red</source>
        <translation>đỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yellow</source>
        <translation>vàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>green</source>
        <translation>xanh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>không rõ</translation>
    </message>
    <message>
        <location line="+191"/>
        <source>Light: {state}</source>
        <translation>Đèn: {state}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>riders: {n}</source>
        <translation>số người: {n}</translation>
    </message>
</context>
<context>
    <name>AnalysisView</name>
    <message>
        <location filename="../../ui/analytics/analysis_view.py" line="+192"/>
        <source>Counted: {items}</source>
        <translation>Đã đếm: {items}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>(+{n} more)</source>
        <translation>(thêm {n})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for analysed frames…</source>
        <translation>Đang chờ khung hình đã phân tích…</translation>
    </message>
</context>
<context>
    <name>AnalyticsActions</name>
    <message>
        <location filename="../../ui/analytics/actions.py" line="+62"/>
        <source>&amp;Scene editor…</source>
        <translation>&amp;Cấu hình cảnh…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Models…</source>
        <translation>&amp;Mô hình…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analysis</source>
        <translation>Phân tích</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Scene editor</source>
        <translation>Cấu hình cảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
</context>
<context>
    <name>AuditReportDialog</name>
    <message>
        <location filename="../../ui/reports/audit_dialog.py" line="+142"/>
        <location line="+72"/>
        <location line="+30"/>
        <source>Commune audit report</source>
        <translation>Báo cáo rà soát camera cấp xã</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Commune / ward:</source>
        <translation>Xã / phường:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report date:</source>
        <translation>Ngày báo cáo:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save in folder:</source>
        <translation>Lưu vào thư mục:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create PDF and CSV</source>
        <translation>Lập PDF và CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No commune or ward is registered yet.</source>
        <translation>Chưa có xã, phường nào được khai báo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save in folder</source>
        <translation>Lưu vào thư mục</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose the folder for the report.</source>
        <translation>Hãy chọn thư mục lưu báo cáo.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Gathering camera health…</source>
        <translation>Đang tổng hợp tình trạng camera…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Writing the PDF…</source>
        <translation>Đang ghi tệp PDF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Writing the CSV…</source>
        <translation>Đang ghi tệp CSV…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved {pdf} and {csv}.</source>
        <translation>Đã lưu {pdf} và {csv}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The report was saved in {folder}.</source>
        <translation>Báo cáo đã được lưu vào {folder}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open folder</source>
        <translation>Mở thư mục</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The report could not be written: {error}</source>
        <translation>Không ghi được báo cáo: {error}</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../ui/security/audit_view.py" line="+53"/>
        <source>Audit trail</source>
        <translation>Nhật ký kiểm tra</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Every user</source>
        <translation>Mọi người dùng</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every action</source>
        <translation>Mọi thao tác</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>object, e.g. violation 12</source>
        <translation>đối tượng, ví dụ violation 12</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Object</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>◀ Newer</source>
        <translation>◀ Mới hơn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Older ▶</source>
        <translation>Cũ hơn ▶</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verify chain</source>
        <translation>Kiểm tra chuỗi</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>(system)</source>
        <translation>(hệ thống)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Entries {first}–{last} of {total}</source>
        <translation>Bản ghi {first}–{last} trên {total}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checking every entry of the chain…</source>
        <translation>Đang kiểm tra từng bản ghi của chuỗi…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The chain is intact: {n} entries checked (last hash {head}…).</source>
        <translation>Chuỗi nguyên vẹn: đã kiểm tra {n} bản ghi (mã băm cuối {head}…).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The chain is BROKEN at entry #{seq}: {reason}. The {n} entries before it are intact.</source>
        <translation>Chuỗi BỊ PHÁ VỠ tại bản ghi số {seq}: {reason}. {n} bản ghi trước đó còn nguyên vẹn.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The chain could not be checked: {error}</source>
        <translation>Không kiểm tra được chuỗi: {error}</translation>
    </message>
</context>
<context>
    <name>BookmarkPanel</name>
    <message>
        <location filename="../../ui/playback/bookmark_panel.py" line="+51"/>
        <source>&lt;b&gt;Bookmarks&lt;/b&gt;</source>
        <translation>&lt;b&gt;Đánh dấu&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What happens here</source>
        <translation>Diễn biến tại đây</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tags, separated by commas</source>
        <translation>nhãn, cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add bookmark at the playhead</source>
        <translation>Đánh dấu tại vị trí đang xem</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search notes</source>
        <translation>Tìm trong ghi chú</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+17"/>
        <source>All cameras</source>
        <translation>Tất cả camera</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose a camera and a moment on the timeline first.</source>
        <translation>Hãy chọn camera và một thời điểm trên dòng thời gian trước.</translation>
    </message>
</context>
<context>
    <name>BulkEditDialog</name>
    <message>
        <location filename="../../ui/cameras/bulk_edit.py" line="+52"/>
        <source>Edit {count} cameras</source>
        <translation>Sửa {count} camera</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+5"/>
        <source>(leave unchanged)</source>
        <translation>(giữ nguyên)</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Traffic</source>
        <translation>Giao thông</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security</source>
        <translation>An ninh</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enabled</source>
        <translation>Đang dùng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disabled</source>
        <translation>Tạm ngừng</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tags to add, separated by ;</source>
        <translation>Nhãn cần thêm, cách nhau bằng dấu ;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tags to remove, separated by ;</source>
        <translation>Nhãn cần bỏ, cách nhau bằng dấu ;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cameras:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Site:</source>
        <translation>Địa điểm:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose:</source>
        <translation>Mục đích:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State:</source>
        <translation>Trạng thái:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add tags:</source>
        <translation>Thêm nhãn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove tags:</source>
        <translation>Bỏ nhãn:</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Nothing to change: choose at least one value.</source>
        <translation>Không có gì để thay đổi: hãy chọn ít nhất một giá trị.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{count} cameras updated.</source>
        <translation>Đã cập nhật {count} camera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not changed (reload and try again):</source>
        <translation>Chưa thay đổi (hãy tải lại và thử lại):</translation>
    </message>
</context>
<context>
    <name>CameraActions</name>
    <message>
        <location filename="../../ui/cameras/actions.py" line="+53"/>
        <source>&amp;Discover cameras…</source>
        <translation>&amp;Dò tìm camera…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import/Export &amp;CSV…</source>
        <translation>Nhập/Xuất tệp &amp;CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sites…</source>
        <translation>Đị&amp;a bàn…</translation>
    </message>
</context>
<context>
    <name>CameraCsvDialog</name>
    <message>
        <location filename="../../ui/cameras/csv_dialog.py" line="+47"/>
        <source>Camera list (CSV)</source>
        <translation>Danh sách camera (CSV)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>CSV file to import</source>
        <translation>Tệp CSV cần nhập</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+25"/>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Columns: name, site_path, host, port, purpose, latitude, longitude, tags, notes, username, password. Cameras are matched by host and port: new ones are added, known ones updated. Nothing is written while the check finds errors.</source>
        <translation>Các cột: name, site_path, host, port, purpose, latitude, longitude, tags, notes, username, password. Camera được đối chiếu theo host và port: camera mới được thêm, camera đã có được cập nhật. Không ghi gì khi kiểm tra còn phát hiện lỗi.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column</source>
        <translation>Cột</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Export the camera list…</source>
        <translation>Xuất danh sách camera…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passwords are never exported.</source>
        <translation>Mật khẩu không bao giờ được xuất ra.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Checking {name}…</source>
        <translation>Đang kiểm tra {name}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file changed since it was checked; check it again.</source>
        <translation>Tệp đã thay đổi sau khi kiểm tra; hãy kiểm tra lại.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Importing {name}…</source>
        <translation>Đang nhập {name}…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Check passed: {rows} cameras ({created} new, {updated} to update). Nothing has been written yet; press Import to apply.</source>
        <translation>Kiểm tra đạt: {rows} camera ({created} mới, {updated} cập nhật). Chưa ghi gì; bấm Nhập để áp dụng.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{errors} problems found; nothing was written. Correct the file and check it again.</source>
        <translation>Phát hiện {errors} lỗi; không ghi gì. Hãy sửa tệp rồi kiểm tra lại.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Imported: {created} cameras added, {updated} updated.</source>
        <translation>Đã nhập: thêm {created} camera, cập nhật {updated} camera.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{errors} rows could not be saved (see the list).</source>
        <translation>{errors} dòng không lưu được (xem danh sách).</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The camera list could not be read. Details are in the log.</source>
        <translation>Không đọc được danh sách camera. Chi tiết có trong nhật ký.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Could not write {name}: {reason}</source>
        <translation>Không ghi được {name}: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} cameras written to {name}.</source>
        <translation>Đã ghi {count} camera vào {name}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export the camera list</source>
        <translation>Xuất danh sách camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera list to import</source>
        <translation>Danh sách camera cần nhập</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Tệp CSV (*.csv *.txt)</translation>
    </message>
</context>
<context>
    <name>CameraEditorDialog</name>
    <message>
        <location filename="../../ui/cameras/camera_editor.py" line="+71"/>
        <source>Sites…</source>
        <translation>Địa điểm…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Traffic</source>
        <translation>Giao thông</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security</source>
        <translation>An ninh</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. 21.028511</source>
        <translation>ví dụ 21.028511</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. 105.804817</source>
        <translation>ví dụ 105.804817</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Separate tags with ;</source>
        <translation>Các nhãn cách nhau bằng dấu ;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enabled (shown on the wall and monitored)</source>
        <translation>Đang dùng (hiện trên màn hình tường và được giám sát)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONVIF address:</source>
        <translation>Địa chỉ ONVIF:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>Thiết bị:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Site:</source>
        <translation>Địa điểm:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose:</source>
        <translation>Mục đích:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latitude:</source>
        <translation>Vĩ độ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longitude:</source>
        <translation>Kinh độ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags:</source>
        <translation>Nhãn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reload</source>
        <translation>Tải lại</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>This camera no longer exists.</source>
        <translation>Camera này không còn tồn tại.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Camera: {name}</source>
        <translation>Camera: {name}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Enter a name for the camera.</source>
        <translation>Hãy nhập tên camera.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Latitude</source>
        <translation>Vĩ độ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longitude</source>
        <translation>Kinh độ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field}: “{text}” is not a number.</source>
        <translation>{field}: “{text}” không phải là số.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{field} must be between -{limit} and {limit}.</source>
        <translation>{field} phải nằm trong khoảng -{limit} đến {limit}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give both latitude and longitude, or neither.</source>
        <translation>Hãy nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Someone else changed this camera after you opened it, so your changes were not saved. Reload to see the current values, then make your change again.</source>
        <translation>Người khác đã sửa camera này sau khi bạn mở nên thay đổi của bạn chưa được lưu. Hãy tải lại để xem giá trị hiện tại rồi sửa lại.</translation>
    </message>
</context>
<context>
    <name>CameraMapView</name>
    <message>
        <location filename="../../ui/map/map_view.py" line="+160"/>
        <source>Camera map</source>
        <translation>Bản đồ camera</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Coordinates grid</source>
        <translation>Lưới tọa độ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Map image</source>
        <translation>Ảnh bản đồ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import map image…</source>
        <translation>Nhập ảnh bản đồ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add reference point</source>
        <translation>Thêm điểm khống chế</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a place on the image whose latitude and longitude you know</source>
        <translation>Bấm vào một vị trí trên ảnh đã biết vĩ độ và kinh độ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear reference points</source>
        <translation>Xóa các điểm khống chế</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove from image</source>
        <translation>Gỡ khỏi ảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not on the map (drag onto the image):</source>
        <translation>Chưa có trên bản đồ (kéo thả vào ảnh):</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Cannot load the cameras: {error}</source>
        <translation>Không tải được danh sách camera: {error}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Import a map image (floor plan or scanned map) to place the cameras on it.</source>
        <translation>Hãy nhập ảnh bản đồ (sơ đồ mặt bằng hoặc bản đồ quét) để đặt camera lên đó.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No camera has coordinates yet.</source>
        <translation>Chưa có camera nào có tọa độ.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Calibrated from {count} reference points; largest error {error} m.</source>
        <translation>Đã hiệu chỉnh từ {count} điểm khống chế; sai số lớn nhất {error} m.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} reference point(s); at least two are needed to place cameras by their coordinates.</source>
        <translation>Có {count} điểm khống chế; cần ít nhất hai điểm để đặt camera theo tọa độ.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not calibrated: drag cameras onto the image, or add two or more reference points.</source>
        <translation>Chưa hiệu chỉnh: hãy kéo thả camera vào ảnh, hoặc thêm từ hai điểm khống chế trở lên.</translation>
    </message>
    <message>
        <location line="+61"/>
        <location line="+8"/>
        <location line="+12"/>
        <source>Reference point</source>
        <translation>Điểm khống chế</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Latitude, longitude of this place (e.g. 21.02851, 105.85217):</source>
        <translation>Vĩ độ, kinh độ của vị trí này (ví dụ 21.02851, 105.85217):</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Write the latitude and the longitude as two decimal numbers separated by a comma.</source>
        <translation>Hãy nhập vĩ độ và kinh độ là hai số thập phân, cách nhau bằng dấu phẩy.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Import map image</source>
        <translation>Nhập ảnh bản đồ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
        <translation>Ảnh (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The map image {path} has changed since the cameras were placed; check their positions.</source>
        <translation>Ảnh bản đồ {path} đã thay đổi từ khi đặt camera; hãy kiểm tra lại vị trí camera.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The map image {path} cannot be opened ({error}).</source>
        <translation>Không mở được ảnh bản đồ {path} ({error}).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The map layout cannot be saved: {error}</source>
        <translation>Không lưu được bố cục bản đồ: {error}</translation>
    </message>
</context>
<context>
    <name>CameraRightsDialog</name>
    <message>
        <location filename="../../ui/security/users_dialog.py" line="+61"/>
        <source>Camera rights</source>
        <translation>Quyền theo camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every camera (the role&apos;s rights apply everywhere)</source>
        <translation>Mọi camera (quyền của vai trò áp dụng ở mọi nơi)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera / right</source>
        <translation>Camera / quyền</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Tick at least one camera, or &apos;Every camera&apos;.</source>
        <translation>Hãy chọn ít nhất một camera, hoặc &apos;Mọi camera&apos;.</translation>
    </message>
</context>
<context>
    <name>CameraTreeDock</name>
    <message>
        <location filename="../../ui/cameras/camera_tree.py" line="+122"/>
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
    <message>
        <location line="+30"/>
        <source>Edit camera…</source>
        <translation>Sửa camera…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Change login…</source>
        <translation>Đổi tài khoản…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edit {count} selected cameras…</source>
        <translation>Sửa {count} camera đã chọn…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Edit sites…</source>
        <translation>Sửa địa điểm…</translation>
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
    <name>ChangeCredentialsDialog</name>
    <message>
        <location filename="../../ui/cameras/credentials_dialog.py" line="+47"/>
        <source>Change login: {name}</source>
        <translation>Đổi tài khoản: {name}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new login is tried on the camera before it is saved; the old one is kept if the camera refuses it.</source>
        <translation>Tài khoản mới được thử trên camera trước khi lưu; nếu camera từ chối thì giữ nguyên tài khoản cũ.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Enter the camera&apos;s user name.</source>
        <translation>Hãy nhập tên đăng nhập của camera.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trying the new login on the camera…</source>
        <translation>Đang thử tài khoản mới trên camera…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The camera refused this user name or password. Nothing was changed; the old login is kept.</source>
        <translation>Camera từ chối tên đăng nhập hoặc mật khẩu này. Không có gì thay đổi; tài khoản cũ được giữ nguyên.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera could not be asked ({reason}). Nothing was changed.</source>
        <translation>Không hỏi được camera ({reason}). Không có gì thay đổi.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The login could not be changed. Details are in the log.</source>
        <translation>Không đổi được tài khoản. Chi tiết có trong nhật ký.</translation>
    </message>
</context>
<context>
    <name>ChannelTableModel</name>
    <message>
        <location filename="../../ui/recording/channel_table.py" line="+54"/>
        <source>Off</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continuous</source>
        <translation>Liên tục</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On events</source>
        <translation>Theo sự kiện</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Main</source>
        <translation>Chính</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sub</source>
        <translation>Phụ</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Site</source>
        <translation>Địa bàn</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recording</source>
        <translation>Ghi hình</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stream</source>
        <translation>Luồng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment</source>
        <translation>Đoạn</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Before event</source>
        <translation>Trước sự kiện</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After event</source>
        <translation>Sau sự kiện</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{seconds} s</source>
        <translation>{seconds} giây</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Changed, not saved yet</source>
        <translation>Đã sửa, chưa lưu</translation>
    </message>
    <message>
        <location line="+58"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
</context>
<context>
    <name>CopyTargetsDialog</name>
    <message>
        <location filename="../../ui/analytics/scene_copy.py" line="+23"/>
        <source>Copy the scene to cameras</source>
        <translation>Sao chép cấu hình cảnh sang camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The saved scene replaces the scene of each camera ticked here. Use it only for cameras that see the same view.</source>
        <translation>Cấu hình cảnh đã lưu sẽ thay thế cấu hình của từng camera được đánh dấu ở đây. Chỉ dùng cho các camera có cùng góc nhìn.</translation>
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
    <name>DetailPane</name>
    <message>
        <location filename="../../ui/review/detail_pane.py" line="+51"/>
        <source>Plate:</source>
        <translation>Biển số:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Violation:</source>
        <translation>Vi phạm:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time:</source>
        <translation>Thời gian:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State:</source>
        <translation>Trạng thái:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>History:</source>
        <translation>Lịch sử:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select a violation in the list.</source>
        <translation>Chọn một vi phạm trong danh sách.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No picture can be shown for this case.</source>
        <translation>Không có ảnh nào hiển thị được cho vụ việc này.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(not read)</source>
        <translation>(chưa đọc được)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  (read automatically, {p:.0%} sure)</source>
        <translation>  (đọc tự động, tin cậy {p:.0%})</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> — reason: {reason}</source>
        <translation> — lý do: {reason}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>filed the case (plate {plate})</source>
        <translation>lập vụ việc (biển số {plate})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not read</source>
        <translation>chưa đọc được</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>corrected the plate {old} → {new}</source>
        <translation>sửa biển số {old} → {new}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{old} → {new}</source>
        <translation>{old} → {new}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (reason: {reason})</source>
        <translation> (lý do: {reason})</translation>
    </message>
</context>
<context>
    <name>DeviceRowText</name>
    <message>
        <location filename="../../ui/cameras/discovery_rows.py" line="+42"/>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Found</source>
        <translation>Kết quả dò</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Registered as</source>
        <translation>Đã đăng ký với tên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Login</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Manufacturer</source>
        <translation>Hãng sản xuất</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model</source>
        <translation>Kiểu máy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Firmware</source>
        <translation>Phần mềm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Serial number</source>
        <translation>Số sê-ri</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device addresses</source>
        <translation>Địa chỉ của thiết bị</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ONVIF camera</source>
        <translation>Camera ONVIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONVIF camera — needs user name and password</source>
        <translation>Camera ONVIF — cần tên đăng nhập và mật khẩu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONVIF camera — wrong user name or password</source>
        <translation>Camera ONVIF — sai tên đăng nhập hoặc mật khẩu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection refused (nothing listens on this port)</source>
        <translation>Bị từ chối kết nối (không có dịch vụ ở cổng này)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot reach this address</source>
        <translation>Không kết nối được tới địa chỉ này</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No answer in time</source>
        <translation>Không trả lời kịp thời gian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers, but is not an ONVIF device</source>
        <translation>Có trả lời nhưng không phải thiết bị ONVIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Broken answer (not valid ONVIF/SOAP)</source>
        <translation>Trả lời bị lỗi (không phải ONVIF/SOAP hợp lệ)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Added</source>
        <translation>Đã thêm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not added: the camera refused the user name or password</source>
        <translation>Chưa thêm: camera từ chối tên đăng nhập hoặc mật khẩu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not added: {reason}</source>
        <translation>Chưa thêm: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{user} (this row)</source>
        <translation>{user} (riêng dòng này)</translation>
    </message>
</context>
<context>
    <name>DiscoveryDialog</name>
    <message>
        <location filename="../../ui/cameras/discovery_dialog.py" line="+86"/>
        <source>Discover cameras</source>
        <translation>Tìm camera</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Camera login (used to read each camera and to add it)</source>
        <translation>Tài khoản camera (dùng để đọc thông tin và thêm camera)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Probe</source>
        <translation>Dò</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Traffic</source>
        <translation>Giao thông</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Security</source>
        <translation>An ninh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login for selected rows…</source>
        <translation>Tài khoản cho các dòng đã chọn…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add checked cameras</source>
        <translation>Thêm các camera đã đánh dấu</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Site:</source>
        <translation>Địa điểm:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Purpose:</source>
        <translation>Mục đích:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The address list is not valid: {reason}</source>
        <translation>Danh sách địa chỉ không hợp lệ: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Probing {count} addresses…</source>
        <translation>Đang dò {count} địa chỉ…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check at least one network interface.</source>
        <translation>Hãy đánh dấu ít nhất một giao diện mạng.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Searching the network…</source>
        <translation>Đang tìm trên mạng…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stopping…</source>
        <translation>Đang dừng…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Stopped: {done} of {total} addresses probed, {onvif} ONVIF devices.</source>
        <translation>Đã dừng: đã dò {done}/{total} địa chỉ, {onvif} thiết bị ONVIF.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No device answered.</source>
        <translation>Không có thiết bị nào trả lời.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{total} addresses probed: {onvif} ONVIF devices.</source>
        <translation>Đã dò {total} địa chỉ: {onvif} thiết bị ONVIF.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The search failed. Details are in the log.</source>
        <translation>Tìm kiếm thất bại. Chi tiết có trong nhật ký.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Select the rows that use another login.</source>
        <translation>Hãy chọn các dòng dùng tài khoản khác.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Enter a user name and password for: {addresses}</source>
        <translation>Hãy nhập tên đăng nhập và mật khẩu cho: {addresses}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the cameras to add.</source>
        <translation>Hãy đánh dấu các camera cần thêm.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Adding {count} cameras…</source>
        <translation>Đang thêm {count} camera…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{added} cameras added.</source>
        <translation>Đã thêm {added} camera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{failed} not added: see the Result column.</source>
        <translation>{failed} camera chưa thêm được: xem cột Kết quả.</translation>
    </message>
</context>
<context>
    <name>DiscoveryTargetTabs</name>
    <message>
        <location filename="../../ui/cameras/discovery_rows.py" line="+39"/>
        <source>By address</source>
        <translation>Theo địa chỉ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the network</source>
        <translation>Tìm trên mạng</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One or more addresses, e.g. 10.0.0.5, 10.0.0.5:8080, 10.0.0.5:8000-8010, 10.0.0.1-10.0.0.40</source>
        <translation>Một hoặc nhiều địa chỉ, ví dụ 10.0.0.5, 10.0.0.5:8080, 10.0.0.5:8000-8010, 10.0.0.1-10.0.0.40</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Addresses:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port when none is given:</source>
        <translation>Cổng mặc định (khi không ghi cổng):</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sends a WS-Discovery probe (multicast) out of the checked interfaces. Where scanning is not allowed, add cameras by address instead.</source>
        <translation>Gửi gói dò WS-Discovery (multicast) qua các giao diện mạng đã đánh dấu. Nơi không được phép quét mạng, hãy thêm camera theo địa chỉ.</translation>
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
    <name>EvidenceEditor</name>
    <message>
        <location filename="../../ui/review/evidence_editor.py" line="+114"/>
        <source>Evidence no. {id} — annotations</source>
        <translation>Chứng cứ số {id} — chú thích</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The picture {path} cannot be opened.</source>
        <translation>Không mở được ảnh {path}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select / move</source>
        <translation>Chọn / di chuyển</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Box</source>
        <translation>Khung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrow</source>
        <translation>Mũi tên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ellipse</source>
        <translation>Hình elip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>Chữ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blur region</source>
        <translation>Vùng làm mờ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>text to place, e.g. Vượt đèn đỏ</source>
        <translation>chữ cần đặt, ví dụ Vượt đèn đỏ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>Làm lại</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save annotations</source>
        <translation>Lưu chú thích</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export annotated picture…</source>
        <translation>Xuất ảnh có chú thích…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Type the text in the tool bar first, then click where it goes.</source>
        <translation>Nhập chữ trên thanh công cụ trước, rồi nhấp vào vị trí cần đặt.</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>{n} annotations saved.</source>
        <translation>Đã lưu {n} chú thích.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Annotated picture written to {path} (SHA-256 {digest}…); the original is unchanged.</source>
        <translation>Đã ghi ảnh có chú thích vào {path} (SHA-256 {digest}…); ảnh gốc không thay đổi.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export annotated picture</source>
        <translation>Xuất ảnh có chú thích</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG picture (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Discard the unsaved annotations?</source>
        <translation>Bỏ các chú thích chưa lưu?</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/playback/dialogs.py" line="+63"/>
        <source>Export evidence</source>
        <translation>Xuất chứng cứ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case number</source>
        <translation>Số vụ việc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burn the date and time into the picture</source>
        <translation>In ngày giờ lên hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watermark with my name and the export time</source>
        <translation>Đóng dấu chìm tên tôi và thời điểm xuất</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save as</source>
        <translation>Lưu thành</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Choose where to save the export.</source>
        <translation>Hãy chọn nơi lưu tệp xuất.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exporting {file}…</source>
        <translation>Đang xuất {file}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved {count} files with their checksums to:
{path}</source>
        <translation>Đã lưu {count} tệp kèm mã kiểm tra vào:
{path}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the export as</source>
        <translation>Lưu tệp xuất thành</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/security/login_dialog.py" line="+156"/>
        <source>First start — create the administrator</source>
        <translation>Khởi động lần đầu — tạo quản trị viên</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No account exists yet. Create the administrator who will add the other users. The password needs at least {n} characters and must not be the user name; keep it somewhere safe: nobody can read it back.</source>
        <translation>Chưa có tài khoản nào. Hãy tạo quản trị viên, người sẽ thêm các người dùng khác. Mật khẩu cần ít nhất {n} ký tự và không được trùng tên đăng nhập; hãy cất giữ cẩn thận: không ai đọc lại được mật khẩu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full name:</source>
        <translation>Họ và tên:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repeat the password:</source>
        <translation>Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create administrator</source>
        <translation>Tạo quản trị viên</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>A user name needs 3 to 64 letters, digits or . _ - @ (no spaces).</source>
        <translation>Tên đăng nhập cần 3 đến 64 chữ cái, chữ số hoặc . _ - @ (không có dấu cách).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password must have at least {n} characters.</source>
        <translation>Mật khẩu phải có ít nhất {n} ký tự.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The password cannot be only spaces.</source>
        <translation>Mật khẩu không được chỉ gồm dấu cách.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password must not be the user name.</source>
        <translation>Mật khẩu không được trùng tên đăng nhập.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp nhau.</translation>
    </message>
</context>
<context>
    <name>HealthActions</name>
    <message>
        <location filename="../../ui/dashboards/actions.py" line="+72"/>
        <source>&amp;Health dashboard</source>
        <translation>Tình trạng &amp;hoạt động</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Maintenance</source>
        <translation>&amp;Bảo dưỡng, sửa chữa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera &amp;map</source>
        <translation>&amp;Bản đồ camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commune &amp;audit report…</source>
        <translation>Báo cáo rà &amp;soát camera cấp xã…</translation>
    </message>
</context>
<context>
    <name>HealthCharts</name>
    <message>
        <location filename="../../ui/dashboards/health_charts.py" line="+45"/>
        <source>Cameras by state</source>
        <translation>Số camera theo trạng thái</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Uptime per day</source>
        <translation>Thời gian hoạt động theo ngày</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uptime per day — {camera}</source>
        <translation>Thời gian hoạt động theo ngày — {camera}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Frame rate (fps)</source>
        <translation>Tốc độ khung hình (khung/giây)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bitrate (kbit/s)</source>
        <translation>Tốc độ bit (kbit/s)</translation>
    </message>
</context>
<context>
    <name>HealthDashboard</name>
    <message>
        <location filename="../../ui/dashboards/health_dashboard.py" line="+170"/>
        <source>Camera health</source>
        <translation>Tình trạng camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+181"/>
        <location line="+49"/>
        <source>Probe now</source>
        <translation>Kiểm tra ngay</translation>
    </message>
    <message>
        <location line="-229"/>
        <source>Check every enabled camera now</source>
        <translation>Kiểm tra ngay tất cả camera đang bật</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The health monitor is not running</source>
        <translation>Bộ giám sát tình trạng camera chưa chạy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameras with problems</source>
        <translation>Camera có sự cố</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by camera, site or reason…</source>
        <translation>Lọc theo camera, địa bàn hoặc nguyên nhân…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open ticket…</source>
        <translation>Lập phiếu sửa chữa…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show on wall</source>
        <translation>Xem trên màn hình</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>30 ngày qua</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>All problems</source>
        <translation>Tất cả sự cố</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Updated {time}</source>
        <translation>Cập nhật lúc {time}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Cannot load the health data: {error}</source>
        <translation>Không tải được dữ liệu tình trạng camera: {error}</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Checking the cameras…</source>
        <translation>Đang kiểm tra các camera…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Checked {done} of {total}: {camera}</source>
        <translation>Đã kiểm tra {done}/{total}: {camera}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{count} camera(s) checked</source>
        <translation>Đã kiểm tra {count} camera</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The cameras could not be checked: {error}</source>
        <translation>Không kiểm tra được các camera: {error}</translation>
    </message>
</context>
<context>
    <name>HealthStates</name>
    <message>
        <location filename="../../ui/dashboards/health_states.py" line="+19"/>
        <source>Working</source>
        <translation>Hoạt động tốt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Degraded</source>
        <translation>Suy giảm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Broken</source>
        <translation>Hỏng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never connected</source>
        <translation>Chưa kết nối</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/playback/dialogs.py" line="+18"/>
        <source>Import footage</source>
        <translation>Nhập video</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Video file</source>
        <translation>Tệp video</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Who handed it over</source>
        <translation>Người cung cấp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dashcam, shop camera, other agency…</source>
        <translation>Camera hành trình, camera cửa hàng, đơn vị khác…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Owner</source>
        <translation>Chủ sở hữu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the start time stored in the file</source>
        <translation>Dùng thời điểm bắt đầu ghi trong tệp</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start on the device clock</source>
        <translation>Bắt đầu theo đồng hồ thiết bị</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds to add to the device clock to get the true time (negative when the device clock runs ahead).</source>
        <translation>Số giây cộng vào đồng hồ thiết bị để ra giờ thực (số âm khi đồng hồ thiết bị chạy nhanh).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clock offset</source>
        <translation>Độ lệch đồng hồ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose the video file to import.</source>
        <translation>Hãy chọn tệp video cần nhập.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking, copying and hashing the file…</source>
        <translation>Đang kiểm tra, sao chép và tính mã băm tệp…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imported as number {id}; it is now on the timeline.</source>
        <translation>Đã nhập với số {id}; video đã có trên dòng thời gian.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Choose a video file</source>
        <translation>Chọn tệp video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video files (*.mp4 *.mkv *.avi *.mov *.ts *.m4v);;All files (*)</source>
        <translation>Tệp video (*.mp4 *.mkv *.avi *.mov *.ts *.m4v);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>LaneForm</name>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="+231"/>
        <source>One-way (travel against the arrow is a violation)</source>
        <translation>Một chiều (đi ngược mũi tên là vi phạm)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw direction</source>
        <translation>Vẽ hướng đi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reverse</source>
        <translation>Đảo chiều</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Direction</source>
        <translation>Hướng đi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allowed classes (none: all)</source>
        <translation>Loại xe được phép (không chọn: tất cả)</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <location filename="../../ui/launch.py" line="+37"/>
        <source>Analytics is disabled: no road-user detection model is installed (install a model bundle: make demo MODELS=FOLDER).</source>
        <translation>Phân tích video đang tắt: chưa cài mô hình nhận dạng phương tiện (cài gói mô hình: make demo MODELS=THƯ_MỤC).</translation>
    </message>
    <message>
        <location filename="../../ui/workstation.py" line="+342"/>
        <source>Starting the simulated cameras…</source>
        <translation>Đang khởi động camera mô phỏng…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+18"/>
        <source>Demo</source>
        <translation>Trình diễn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The simulated cameras could not start:</source>
        <translation>Không khởi động được camera mô phỏng:</translation>
    </message>
    <message>
        <location filename="../../ui/launch.py" line="+26"/>
        <source>Database</source>
        <translation>Cơ sở dữ liệu</translation>
    </message>
</context>
<context>
    <name>LayoutEditorDialog</name>
    <message>
        <location filename="../../ui/wall/layout_editor.py" line="+158"/>
        <source>Custom wall layout</source>
        <translation>Bố cục tường video tùy chỉnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Columns</source>
        <translation>Số &amp;cột</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rows</source>
        <translation>Số &amp;hàng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag across squares to merge them into one tile; click a merged tile to split it again.</source>
        <translation>Kéo chuột qua các ô để gộp thành một ô; bấm vào ô đã gộp để tách lại.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>Đặt &amp;lại</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>That rectangle cuts through a merged tile. Include the whole tile, or split it first.</source>
        <translation>Hình chữ nhật này cắt ngang một ô đã gộp. Hãy chọn trọn ô đó, hoặc tách nó trước.</translation>
    </message>
</context>
<context>
    <name>LayoutMenu</name>
    <message>
        <location filename="../../ui/wall/layout_menu.py" line="+28"/>
        <source>1 large + 5 small</source>
        <translation>1 ô lớn + 5 ô nhỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 large + 7 small</source>
        <translation>1 ô lớn + 7 ô nhỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 large + 12 small</source>
        <translation>1 ô lớn + 12 ô nhỏ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{columns}×{rows} grid</source>
        <translation>Lưới {columns}×{rows}</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Wall &amp;layout</source>
        <translation>&amp;Bố cục tường video</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Custom layout…</source>
        <translation>Bố cục &amp;tùy chỉnh…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save layout as…</source>
        <translation>&amp;Lưu bố cục thành…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved l&amp;ayouts</source>
        <translation>Bố cục đã l&amp;ưu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete saved layout</source>
        <translation>&amp;Xóa bố cục đã lưu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New wall window on screen</source>
        <translation>&amp;Mở cửa sổ tường video mới trên màn hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close &amp;wall windows</source>
        <translation>Đóng các cửa sổ &amp;tường video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wall &amp;presets</source>
        <translation>&amp;Cấu hình nhiều màn hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save every screen as a &amp;preset…</source>
        <translation>Lưu mọi màn hình thành một &amp;cấu hình…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wall layout</source>
        <translation>Bố cục tường video</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Wall preset</source>
        <translation>Cấu hình nhiều màn hình</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Delete preset</source>
        <translation>Xóa cấu hình</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save layout</source>
        <translation>Lưu bố cục</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save wall preset</source>
        <translation>Lưu cấu hình nhiều màn hình</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Replace</source>
        <translation>Thay thế</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” exists. Replace it?</source>
        <translation>“{name}” đã có. Thay thế?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete “{name}”?</source>
        <translation>Xóa “{name}”?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wall layouts</source>
        <translation>Bố cục tường video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The wall layouts could not be read or saved:</source>
        <translation>Không đọc hoặc lưu được bố cục tường video:</translation>
    </message>
</context>
<context>
    <name>LineForm</name>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="-120"/>
        <source>Counted direction</source>
        <translation>Chiều được đếm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Classes (none: all vehicles)</source>
        <translation>Loại xe (không chọn: mọi phương tiện)</translation>
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
    <name>LockDialog</name>
    <message>
        <location filename="../../ui/security/login_dialog.py" line="+37"/>
        <source>Workstation locked</source>
        <translation>Máy trạm đã khóa</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The workstation was locked after a period without use. {name}, type your password to continue.</source>
        <translation>Máy trạm đã tự khóa sau một thời gian không sử dụng. {name}, hãy nhập mật khẩu để tiếp tục.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unlock</source>
        <translation>Mở khóa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Type your password.</source>
        <translation>Hãy nhập mật khẩu.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location line="-172"/>
        <source>Sign in — Trực Ban</source>
        <translation>Đăng nhập — Trực Ban</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign in to the duty workstation</source>
        <translation>Đăng nhập máy trạm trực ban</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Type your user name and password.</source>
        <translation>Hãy nhập tên đăng nhập và mật khẩu.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+152"/>
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
        <source>&amp;Cameras</source>
        <translation>&amp;Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Review</source>
        <translation>&amp;Xét duyệt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;cordings</source>
        <translation>&amp;Ghi hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Analytics</source>
        <translation>&amp;Phân tích</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ports</source>
        <translation>Báo &amp;cáo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ad&amp;ministration</source>
        <translation>&amp;Quản trị</translation>
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
        <location line="+15"/>
        <source>The translation file {path} is missing; the interface is shown in English.</source>
        <translation>Không tìm thấy tệp bản dịch {path}; giao diện đang hiển thị bằng tiếng Anh.</translation>
    </message>
</context>
<context>
    <name>MaintenanceWindow</name>
    <message>
        <location filename="../../ui/maintenance/maintenance_window.py" line="+154"/>
        <source>Camera maintenance</source>
        <translation>Bảo dưỡng, sửa chữa camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tickets</source>
        <translation>Phiếu sửa chữa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>Lịch bảo dưỡng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by camera, problem, assignee or notes…</source>
        <translation>Lọc theo camera, sự cố, người xử lý hoặc ghi chú…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New ticket…</source>
        <translation>Lập phiếu mới…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open / close ticket…</source>
        <translation>Mở / đóng phiếu…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set schedule…</source>
        <translation>Đặt lịch bảo dưỡng…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maintenance done today</source>
        <translation>Đã bảo dưỡng hôm nay</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open tickets</source>
        <translation>Phiếu đang mở</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All tickets</source>
        <translation>Tất cả phiếu</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Maintenance</source>
        <translation>Bảo dưỡng</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>All cameras</source>
        <translation>Tất cả camera</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n camera(s) overdue for maintenance</source>
        <translation>
            <numerusform>%n camera quá hạn bảo dưỡng</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No maintenance is overdue.</source>
        <translation>Không có camera nào quá hạn bảo dưỡng.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>New ticket</source>
        <translation>Lập phiếu mới</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the camera in the camera filter first.</source>
        <translation>Hãy chọn camera ở ô lọc camera trước.</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../ui/analytics/models_page.py" line="+284"/>
        <source>Models</source>
        <translation>Mô hình</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location line="-207"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Task</source>
        <translation>Nhiệm vụ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>Giấy phép</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Latency</source>
        <translation>Độ trễ</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Measure latency</source>
        <translation>Đo độ trễ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Install from folder…</source>
        <translation>Cài từ thư mục…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The model folder cannot be read: {error}</source>
        <translation>Không đọc được thư mục mô hình: {error}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Analytics is disabled: no road-user detection model is installed. Install a model bundle (Install from folder…) to count traffic and find violations.</source>
        <translation>Phân tích đang tắt: chưa cài mô hình nhận dạng người và phương tiện giao thông. Hãy cài một gói mô hình (Cài từ thư mục…) để đếm lưu lượng và phát hiện vi phạm.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{ms} ms</source>
        <translation>{ms} ms</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Road users (detection)</source>
        <translation>Người và phương tiện (nhận dạng)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicles (detection)</source>
        <translation>Phương tiện (nhận dạng)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Persons (detection)</source>
        <translation>Người (nhận dạng)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faces (detection)</source>
        <translation>Khuôn mặt (nhận dạng)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate text (detection)</source>
        <translation>Chữ trên biển số (phát hiện)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate text (recognition)</source>
        <translation>Chữ trên biển số (nhận dạng ký tự)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Failed: {error}</source>
        <translation>Thất bại: {error}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{name}: {ms} ms per inference on {device}.</source>
        <translation>{name}: {ms} ms mỗi lần suy luận trên {device}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measuring {name} on {device}…</source>
        <translation>Đang đo {name} trên {device}…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Installing from {folder}…</source>
        <translation>Đang cài từ {folder}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Installed: {names}</source>
        <translation>Đã cài: {names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already installed: {names}</source>
        <translation>Đã có sẵn: {names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refused {name}: {reason}</source>
        <translation>Từ chối {name}: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing to install.</source>
        <translation>Không có gì để cài.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Installation finished.</source>
        <translation>Đã cài xong.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some bundles were refused; see the report.</source>
        <translation>Một số gói bị từ chối; xem báo cáo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Folder with model bundles</source>
        <translation>Thư mục chứa các gói mô hình</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Analysis uses {device} from its next start.</source>
        <translation>Phân tích sẽ dùng {device} từ lần khởi động sau.</translation>
    </message>
</context>
<context>
    <name>MonthlyDashboard</name>
    <message>
        <location filename="../../ui/reports/monthly_dashboard.py" line="+54"/>
        <source>Monthly report</source>
        <translation>Báo cáo tháng</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Show</source>
        <translation>Xem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export PDF…</source>
        <translation>Xuất PDF…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Month:</source>
        <translation>Tháng:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Violations by type</source>
        <translation>Vi phạm theo loại</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Violations per day</source>
        <translation>Vi phạm theo ngày</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{total} violations detected in {month:02d}/{year} (previous month {previous}, change {trend}).</source>
        <translation>Phát hiện {total} vi phạm trong tháng {month:02d}/{year} (tháng trước {previous}, thay đổi {trend}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+9"/>
        <source>This month</source>
        <translation>Tháng này</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+10"/>
        <source>Previous month</source>
        <translation>Tháng trước</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <location line="+6"/>
        <source>Cases</source>
        <translation>Số vụ</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Verified</source>
        <translation>Đã xác minh</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Approved</source>
        <translation>Đã phê duyệt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage</source>
        <translation>Giai đoạn</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median (h)</source>
        <translation>Trung vị (giờ)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>90% (h)</source>
        <translation>90% (giờ)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Detected → verified</source>
        <translation>Phát hiện → Xác minh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified → approved</source>
        <translation>Xác minh → Phê duyệt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detected → approved</source>
        <translation>Phát hiện → Phê duyệt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save the monthly report</source>
        <translation>Lưu báo cáo tháng</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../ui/security/users_dialog.py" line="+8"/>
        <source>New user</source>
        <translation>Người dùng mới</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full name:</source>
        <translation>Họ và tên:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role:</source>
        <translation>Vai trò:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First password:</source>
        <translation>Mật khẩu ban đầu:</translation>
    </message>
</context>
<context>
    <name>NewViolationDialog</name>
    <message>
        <location filename="../../ui/review/review_dialogs.py" line="+89"/>
        <source>New violation from a frame</source>
        <translation>Tạo vi phạm từ khung hình</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>leave empty if it cannot be read</source>
        <translation>để trống nếu không đọc được</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture file</source>
        <translation>Tệp ảnh</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Snapshot already taken (evidence no.)</source>
        <translation>Ảnh chụp đã có (số chứng cứ)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Violation type:</source>
        <translation>Loại vi phạm:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate:</source>
        <translation>Biển số:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Choose the picture</source>
        <translation>Chọn ảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pictures (*.jpg *.jpeg *.png *.bmp)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png *.bmp)</translation>
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
    <name>OverdueIndicator</name>
    <message numerus="yes">
        <location filename="../../ui/maintenance/overdue_indicator.py" line="+57"/>
        <source>%n camera(s) overdue for maintenance</source>
        <translation>
            <numerusform>%n camera quá hạn bảo dưỡng</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PlateDialog</name>
    <message>
        <location filename="../../ui/review/review_dialogs.py" line="-70"/>
        <source>Correct the plate</source>
        <translation>Sửa biển số</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. 30A-123.45 or 29-M1 123.45</source>
        <translation>ví dụ 30A-123.45 hoặc 29-M1 123.45</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>optional, e.g. read from the second picture</source>
        <translation>không bắt buộc, ví dụ đọc từ ảnh thứ hai</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Plate:</source>
        <translation>Biển số:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why:</source>
        <translation>Lý do:</translation>
    </message>
</context>
<context>
    <name>PlaybackActions</name>
    <message>
        <location filename="../../ui/playback/actions.py" line="+30"/>
        <source>&amp;Playback and timeline</source>
        <translation>&amp;Xem lại theo dòng thời gian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export evidence…</source>
        <translation>&amp;Trích xuất chứng cứ…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import footage from citizens or businesses…</source>
        <translation>&amp;Nhập video từ người dân, doanh nghiệp…</translation>
    </message>
</context>
<context>
    <name>PlaybackController</name>
    <message>
        <location filename="../../ui/playback/player.py" line="+297"/>
        <location line="+77"/>
        <source>No recording at this time</source>
        <translation>Không có bản ghi vào thời điểm này</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>End of the recordings</source>
        <translation>Hết bản ghi</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>This frame cannot be decoded</source>
        <translation>Không giải mã được khung hình này</translation>
    </message>
</context>
<context>
    <name>PlaybackWindow</name>
    <message>
        <location filename="../../ui/playback/playback_window.py" line="+71"/>
        <source>Playback</source>
        <translation>Xem lại</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>&lt;b&gt;Sources&lt;/b&gt; (up to 4)</source>
        <translation>&lt;b&gt;Nguồn&lt;/b&gt; (tối đa 4)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import footage…</source>
        <translation>Nhập video…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Previous mark (Page Up)</source>
        <translation>Mốc trước (Page Up)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One frame back</source>
        <translation>Lùi một khung hình</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Play / pause (Space)</source>
        <translation>Phát / tạm dừng (Space)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame forward</source>
        <translation>Tiến một khung hình</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next mark (Page Down)</source>
        <translation>Mốc sau (Page Down)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Playback speed</source>
        <translation>Tốc độ phát</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Imported {id}</source>
        <translation>Video nhập {id}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>At most four sources play together.</source>
        <translation>Chỉ phát cùng lúc tối đa bốn nguồn.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No further mark in the loaded range.</source>
        <translation>Không còn mốc nào trong khoảng đã tải.</translation>
    </message>
</context>
<context>
    <name>PrintNoticesDialog</name>
    <message>
        <location filename="../../ui/reports/print_notices_dialog.py" line="+40"/>
        <source>Print notices</source>
        <translation>In thông báo vi phạm</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{count} violation(s) selected.</source>
        <translation>Đã chọn {count} vi phạm.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All notices in one PDF file</source>
        <translation>Tất cả thông báo trong một tệp PDF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One PDF file per notice, in a folder</source>
        <translation>Mỗi thông báo một tệp PDF, trong một thư mục</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Choose where to save the notices.</source>
        <translation>Chọn nơi lưu các thông báo.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Printing…</source>
        <translation>Đang in…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Save notices as</source>
        <translation>Lưu thông báo thành</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder for the notices</source>
        <translation>Thư mục lưu thông báo</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Printing notice {done} of {total}…</source>
        <translation>Đang in thông báo {done}/{total}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled. {printed} notice(s) were printed before stopping; no partial file was left.</source>
        <translation>Đã hủy. Đã in {printed} thông báo trước khi dừng; không để lại tệp dở dang.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{printed} notice(s) printed.</source>
        <translation>Đã in {printed} thông báo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{skipped} skipped (see below).</source>
        <translation>Bỏ qua {skipped} vụ (xem bên dưới).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Printing failed unexpectedly; see the log.</source>
        <translation>In thất bại ngoài dự kiến; xem nhật ký.</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <location filename="../../ui/dashboards/problem_table.py" line="+29"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Site</source>
        <translation>Địa bàn</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Nguyên nhân</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>Từ lúc</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last picture</source>
        <translation>Lần cuối có hình</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open tickets</source>
        <translation>Phiếu đang mở</translation>
    </message>
</context>
<context>
    <name>PtzPad</name>
    <message>
        <location filename="../../ui/wall/ptz_pad.py" line="+49"/>
        <source>The camera did not carry out the command.</source>
        <translation>Camera không thực hiện lệnh.</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Choose a preset first.</source>
        <translation>Hãy chọn một điểm đặt sẵn trước.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Preset &apos;{name}&apos; saved.</source>
        <translation>Đã lưu điểm đặt sẵn &apos;{name}&apos;.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PTZ — {camera}</source>
        <translation>PTZ — {camera}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan, tilt and zoom: {camera}</source>
        <translation>Quay, nghiêng và thu phóng: {camera}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hold to tilt up</source>
        <translation>Giữ để nghiêng lên</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hold to tilt down</source>
        <translation>Giữ để nghiêng xuống</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold to pan left</source>
        <translation>Giữ để quay sang trái</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hold to pan right</source>
        <translation>Giữ để quay sang phải</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold to zoom in</source>
        <translation>Giữ để phóng to</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hold to zoom out</source>
        <translation>Giữ để thu nhỏ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop moving</source>
        <translation>Dừng chuyển động</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom</source>
        <translation>Thu phóng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presets</source>
        <translation>Điểm đặt sẵn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to preset</source>
        <translation>Đến điểm đặt sẵn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name for the current position</source>
        <translation>Tên cho vị trí hiện tại</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save position</source>
        <translation>Lưu vị trí</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Pan {pan} · Tilt {tilt} · Zoom {zoom}</source>
        <translation>Quay {pan} · Nghiêng {tilt} · Thu phóng {zoom}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Speed {percent}%</source>
        <translation>Tốc độ {percent}%</translation>
    </message>
</context>
<context>
    <name>PublishLookupDialog</name>
    <message>
        <location filename="../../ui/reports/publish_lookup_dialog.py" line="+30"/>
        <source>Publish look-up data</source>
        <translation>Công bố dữ liệu tra cứu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Approved violations are written to the folder with a search page (index.html) for citizens. Bystanders and other vehicles are blurred; no internal data is included. The folder is replaced as a whole.</source>
        <translation>Các vi phạm đã phê duyệt được ghi vào thư mục kèm trang tra cứu (index.html) cho người dân. Người qua đường và phương tiện khác được làm mờ; không kèm dữ liệu nội bộ. Thư mục được thay thế toàn bộ.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Publish</source>
        <translation>Công bố</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose a folder.</source>
        <translation>Hãy chọn một thư mục.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Publishing…</source>
        <translation>Đang công bố…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Folder for the look-up data</source>
        <translation>Thư mục dữ liệu tra cứu</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelled; the folder was left as it was.</source>
        <translation>Đã hủy; thư mục được giữ nguyên.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{records} violation(s) and {images} picture(s) published; {withheld} picture(s) withheld because no privacy region was marked; {skipped} case(s) skipped.</source>
        <translation>Đã công bố {records} vi phạm và {images} ảnh; giữ lại {withheld} ảnh vì chưa đánh dấu vùng che; bỏ qua {skipped} vụ.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Publishing failed unexpectedly; see the log.</source>
        <translation>Công bố thất bại ngoài dự kiến; xem nhật ký.</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <location filename="../../ui/review/queue_model.py" line="+76"/>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <location line="+0"/>
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
        <source>Violation</source>
        <translation>Vi phạm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate</source>
        <translation>Biển số</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>(not read)</source>
        <translation>(chưa đọc được)</translation>
    </message>
</context>
<context>
    <name>RecordingActions</name>
    <message>
        <location filename="../../ui/recording/actions.py" line="+40"/>
        <source>Recording &amp;settings…</source>
        <translation>&amp;Cấu hình ghi hình…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storage and &amp;integrity…</source>
        <translation>&amp;Lưu trữ và toàn vẹn dữ liệu…</translation>
    </message>
</context>
<context>
    <name>RecordingSettingsDialog</name>
    <message>
        <location filename="../../ui/recording/recording_dialog.py" line="+178"/>
        <source>Loading cameras…</source>
        <translation>Đang tải danh sách camera…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Nothing has changed.</source>
        <translation>Không có thay đổi nào.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Applying {camera}…</source>
        <translation>Đang áp dụng cho {camera}…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recording settings</source>
        <translation>Cấu hình ghi hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a camera or site…</source>
        <translation>Tìm camera hoặc địa bàn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selected cameras:</source>
        <translation>Các camera đã chọn:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(unchanged)</source>
        <translation>(giữ nguyên)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before:</source>
        <translation>Trước:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After:</source>
        <translation>Sau:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply to selected</source>
        <translation>Áp dụng cho camera đã chọn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storage (all cameras)</source>
        <translation>Lưu trữ (mọi camera)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+38"/>
        <source>Delete footage older than</source>
        <translation>Xóa video cũ hơn</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>Disk quota</source>
        <translation>Hạn mức dung lượng</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+39"/>
        <source>Keep free on the disk</source>
        <translation>Giữ trống trên ổ đĩa</translation>
    </message>
    <message>
        <location line="-37"/>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No age limit</source>
        <translation>Không giới hạn thời gian</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>No quota</source>
        <translation>Không hạn mức</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When the disk is full, overwrite the oldest footage (held footage is never deleted)</source>
        <translation>Khi ổ đĩa đầy, ghi đè video cũ nhất (video đang được giữ lại không bao giờ bị xóa)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your role may view these settings but not change them.</source>
        <translation>Vai trò của bạn chỉ được xem, không được thay đổi các cấu hình này.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your role may not change what cameras record.</source>
        <translation>Vai trò của bạn không được thay đổi cấu hình ghi hình của camera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your role may not change the storage policy.</source>
        <translation>Vai trò của bạn không được thay đổi chính sách lưu trữ.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{field}: must be between {low} and {high}.</source>
        <translation>{field}: phải nằm trong khoảng từ {low} đến {high}.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{count} cameras. Double-click a cell to change it; select several rows to change them together.</source>
        <translation>{count} camera. Nhấp đúp vào một ô để sửa; chọn nhiều dòng để sửa cùng lúc.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved: {count} cameras changed.</source>
        <translation>Đã lưu: thay đổi {count} camera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The storage policy is in force.</source>
        <translation>Chính sách lưu trữ mới đã có hiệu lực.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera {camera}: saved, but recording could not be started: {reason}</source>
        <translation>Camera {camera}: đã lưu nhưng không bắt đầu ghi hình được: {reason}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The recording settings could not be saved. Details are in the log.</source>
        <translation>Không lưu được cấu hình ghi hình. Chi tiết có trong nhật ký.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select the cameras to change first.</source>
        <translation>Hãy chọn các camera cần thay đổi trước.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} cameras changed; press Save to keep the changes.</source>
        <translation>Đã sửa {count} camera; bấm Lưu để giữ các thay đổi.</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../ui/review/review_dialogs.py" line="-35"/>
        <source>Reject the violation</source>
        <translation>Loại bỏ vi phạm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No violation: the vehicle did nothing wrong</source>
        <translation>Không có vi phạm: phương tiện không làm gì sai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plate unreadable in every picture</source>
        <translation>Không đọc được biển số trên mọi ảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence too blurred or too dark</source>
        <translation>Chứng cứ quá mờ hoặc quá tối</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Priority vehicle on duty</source>
        <translation>Xe ưu tiên đang làm nhiệm vụ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate of another case</source>
        <translation>Trùng với vụ việc khác</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrong detection (not a vehicle, shadow, reflection)</source>
        <translation>Phát hiện sai (không phải phương tiện, bóng, phản chiếu)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose or type the reason</source>
        <translation>Chọn hoặc nhập lý do</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason:</source>
        <translation>Lý do:</translation>
    </message>
</context>
<context>
    <name>ReportActions</name>
    <message>
        <location filename="../../ui/reports/actions.py" line="+82"/>
        <source>&amp;Print notices of the selected violations…</source>
        <translation>&amp;In thông báo các vi phạm đã chọn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Monthly summary</source>
        <translation>Báo cáo tổng hợp &amp;tháng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Traffic counts</source>
        <translation>Báo cáo &amp;lưu lượng giao thông</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Publish &amp;look-up data…</source>
        <translation>Xuất bản dữ liệu &amp;tra cứu…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Print notices</source>
        <translation>In thông báo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the approved violations to print in the review queue first.</source>
        <translation>Hãy chọn trước các vi phạm đã phê duyệt cần in trong danh sách xét duyệt.</translation>
    </message>
</context>
<context>
    <name>ReportDashboard</name>
    <message>
        <location filename="../../ui/reports/dashboard_base.py" line="+45"/>
        <source>The report could not be made; see the log.</source>
        <translation>Không lập được báo cáo; xem nhật ký.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved to {path}.</source>
        <translation>Đã lưu vào {path}.</translation>
    </message>
</context>
<context>
    <name>ReviewQueueWidget</name>
    <message>
        <location filename="../../ui/review/review_queue.py" line="+116"/>
        <source>Open cases</source>
        <translation>Vụ việc đang xử lý</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every state</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>plate contains…</source>
        <translation>biển số chứa…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>◀ Previous page</source>
        <translation>◀ Trang trước</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next page ▶</source>
        <translation>Trang sau ▶</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Verify (V)</source>
        <translation>&amp;Xác minh (V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Approve (A)</source>
        <translation>&amp;Phê duyệt (A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reject… (R)</source>
        <translation>&amp;Loại bỏ… (R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct &amp;plate… (P)</source>
        <translation>Sửa &amp;biển số… (P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Forward (F)</source>
        <translation>&amp;Chuyển xử lý (F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Evidence editor (E)</source>
        <translation>Chú thích &amp;chứng cứ (E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New violation from frame…</source>
        <translation>Tạo vi phạm từ khung hình…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Camera #{id}</source>
        <translation>Camera số {id}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{shown} of {total} violations</source>
        <translation>{shown} trên {total} vi phạm</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+21"/>
        <location line="+10"/>
        <source>Select a violation first.</source>
        <translation>Hãy chọn một vi phạm trước.</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Violation #{id}: {state}.</source>
        <translation>Vi phạm số {id}: {state}.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Plate of violation #{id} corrected to {plate}.</source>
        <translation>Đã sửa biển số của vi phạm số {id} thành {plate}.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Someone else decided this case meanwhile ({who}, now &apos;{state}&apos;). Your decision was not saved; the case has been reloaded: check it and decide again.</source>
        <translation>Người khác đã quyết định vụ việc này trong lúc đó ({who}, hiện là &apos;{state}&apos;). Quyết định của bạn chưa được lưu; vụ việc đã được tải lại: hãy kiểm tra và quyết định lại.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>another user</source>
        <translation>người dùng khác</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This case has no picture to annotate.</source>
        <translation>Vụ việc này không có ảnh để chú thích.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Choose the camera and the picture.</source>
        <translation>Hãy chọn camera và ảnh.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Violation #{id} created.</source>
        <translation>Đã tạo vi phạm số {id}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Every camera</source>
        <translation>Mọi camera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every violation type</source>
        <translation>Mọi loại vi phạm</translation>
    </message>
</context>
<context>
    <name>RowLoginDialog</name>
    <message>
        <location filename="../../ui/cameras/discovery_rows.py" line="-65"/>
        <source>Login for the selected cameras</source>
        <translation>Tài khoản cho các camera đã chọn</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
</context>
<context>
    <name>SceneCanvas</name>
    <message>
        <location filename="../../ui/analytics/scene_canvas.py" line="+277"/>
        <source>Click the two ends of the counting line</source>
        <translation>Nhấp vào hai đầu của vạch đếm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click the two ends of the stop line</source>
        <translation>Nhấp vào hai đầu của vạch dừng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click the corners; double-click or Enter closes the zone</source>
        <translation>Nhấp vào các góc; nhấp đúp hoặc Enter để khép vùng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click the corners; double-click or Enter closes the lane</source>
        <translation>Nhấp vào các góc; nhấp đúp hoặc Enter để khép làn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag a rectangle around the traffic light</source>
        <translation>Kéo một hình chữ nhật bao quanh đèn tín hiệu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drag along the lane in the allowed direction</source>
        <translation>Kéo dọc theo làn theo hướng được phép đi</translation>
    </message>
</context>
<context>
    <name>SceneEditor</name>
    <message>
        <location filename="../../ui/analytics/scene_actions.py" line="+40"/>
        <source>Not saved: fix or delete the items marked ⚠ first.</source>
        <translation>Chưa lưu: hãy sửa hoặc xóa các mục có dấu ⚠ trước.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not saved: someone else changed this camera&apos;s scene meanwhile. Export your drawing if you want to keep it, then close and reopen the editor.</source>
        <translation>Chưa lưu: người khác vừa thay đổi cấu hình cảnh của camera này. Hãy xuất bản vẽ nếu muốn giữ lại, rồi đóng và mở lại trình soạn thảo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not saved: {error}</source>
        <translation>Chưa lưu: {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved (version {version}).</source>
        <translation>Đã lưu (phiên bản {version}).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not copied: {error}</source>
        <translation>Chưa sao chép: {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copied to {n} cameras.</source>
        <translation>Đã sao chép sang {n} camera.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not exported: fix or delete the items marked ⚠ first.</source>
        <translation>Chưa xuất: hãy sửa hoặc xóa các mục có dấu ⚠ trước.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not exported: {error}</source>
        <translation>Chưa xuất: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported to {file}.</source>
        <translation>Đã xuất ra {file}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{file} cannot be imported: {error}</source>
        <translation>Không nhập được {file}: {error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Imported {file}; save to keep it.</source>
        <translation>Đã nhập {file}; hãy lưu để giữ lại.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open an image of this view</source>
        <translation>Mở ảnh của góc nhìn này</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>Ảnh (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import a scene</source>
        <translation>Nhập cấu hình cảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+9"/>
        <source>Scene (*.json)</source>
        <translation>Cấu hình cảnh (*.json)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Export the scene</source>
        <translation>Xuất cấu hình cảnh</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>There is no other camera to copy to.</source>
        <translation>Không có camera nào khác để sao chép sang.</translation>
    </message>
    <message>
        <location filename="../../ui/analytics/scene_editor.py" line="+82"/>
        <source>Scene of {camera}</source>
        <translation>Cấu hình cảnh của {camera}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading a picture from the camera…</source>
        <translation>Đang lấy ảnh từ camera…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No picture: open an image of this view</source>
        <translation>Chưa có ảnh: hãy mở một ảnh của góc nhìn này</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select / move</source>
        <translation>Chọn / di chuyển</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counting line</source>
        <translation>Vạch đếm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zone</source>
        <translation>Vùng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lane</source>
        <translation>Làn đường</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+216"/>
        <source>Stop line</source>
        <translation>Vạch dừng</translation>
    </message>
    <message>
        <location line="-215"/>
        <source>Signal region</source>
        <translation>Vùng đèn tín hiệu</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Items</source>
        <translation>Các mục</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete item</source>
        <translation>Xóa mục</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Riders allowed on a motorbike</source>
        <translation>Số người được phép trên xe máy</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open image…</source>
        <translation>Mở ảnh…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import JSON…</source>
        <translation>Nhập JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export JSON…</source>
        <translation>Xuất JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy to cameras…</source>
        <translation>Sao chép sang camera…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The stored scene cannot be read: {error}</source>
        <translation>Không đọc được cấu hình cảnh đã lưu: {error}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No picture from the camera ({error}); open an image of this view</source>
        <translation>Không lấy được ảnh từ camera ({error}); hãy mở một ảnh của góc nhìn này</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{file} is not a picture this editor can open</source>
        <translation>{file} không phải là ảnh mà trình soạn thảo mở được</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>counting line</source>
        <translation>vạch đếm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>zone</source>
        <translation>vùng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lane</source>
        <translation>làn đường</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stop line</source>
        <translation>vạch dừng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signal</source>
        <translation>đèn tín hiệu</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Line {n}</source>
        <translation>Vạch {n}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Zone {n}</source>
        <translation>Vùng {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lane {n}</source>
        <translation>Làn {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Now drag along the lane in the direction traffic may go.</source>
        <translation>Bây giờ hãy kéo dọc theo làn theo hướng xe được phép đi.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a lane first, then draw its direction.</source>
        <translation>Hãy chọn một làn trước, rồi vẽ hướng đi của làn.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Close without saving the changes?</source>
        <translation>Đóng mà không lưu các thay đổi?</translation>
    </message>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="-96"/>
        <source>the outline crosses itself; click the corners in order around the area</source>
        <translation>đường viền tự cắt nhau; hãy nhấp các góc theo thứ tự vòng quanh khu vực</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a zone needs at least 3 points</source>
        <translation>một vùng cần ít nhất 3 điểm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the area is too small to use</source>
        <translation>diện tích quá nhỏ để sử dụng</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the two ends are too close together</source>
        <translation>hai đầu quá gần nhau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drag an arrow along the lane to give the allowed direction</source>
        <translation>hãy kéo một mũi tên dọc theo làn để chỉ hướng được phép đi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a stop line needs the traffic light&apos;s region or a signal schedule</source>
        <translation>vạch dừng cần vùng đèn tín hiệu hoặc chu kỳ đèn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>draw the region from top-left to bottom-right</source>
        <translation>hãy vẽ vùng từ góc trên bên trái đến góc dưới bên phải</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the red time must be shorter than the cycle</source>
        <translation>thời gian đèn đỏ phải ngắn hơn chu kỳ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mark the light&apos;s region or give cycle and red times</source>
        <translation>hãy đánh dấu vùng đèn hoặc nhập chu kỳ và thời gian đèn đỏ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another item has the same name</source>
        <translation>đã có mục khác trùng tên</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a point lies outside the picture</source>
        <translation>có điểm nằm ngoài khung hình</translation>
    </message>
    <message>
        <location filename="../../ui/analytics/scene_items.py" line="+32"/>
        <source>Traffic light</source>
        <translation>Đèn tín hiệu</translation>
    </message>
</context>
<context>
    <name>SceneForms</name>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="+53"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Both directions</source>
        <translation>Cả hai chiều</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Along the arrow (A → B)</source>
        <translation>Theo mũi tên (A → B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Against the arrow (B → A)</source>
        <translation>Ngược mũi tên (B → A)</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../ui/maintenance/maintenance_window.py" line="+91"/>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every:</source>
        <translation>Chu kỳ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next due:</source>
        <translation>Lần tới:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Maintenance schedule</source>
        <translation>Lịch bảo dưỡng</translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message>
        <location filename="../../ui/maintenance/schedule_view.py" line="+41"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Every</source>
        <translation>Chu kỳ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last done</source>
        <translation>Lần gần nhất</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next due</source>
        <translation>Lần tới</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Overdue by %n day(s)</source>
        <translation>
            <numerusform>Quá hạn %n ngày</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Due today</source>
        <translation>Đến hạn hôm nay</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>In %n day(s)</source>
        <translation>
            <numerusform>Còn %n ngày</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n ngày</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../ui/security/session.py" line="+39"/>
        <source>Training administrator: {user}  password: {password}  (shown once; sign in with it next time)</source>
        <translation>Quản trị viên huấn luyện: {user}  mật khẩu: {password}  (chỉ hiện một lần; lần sau đăng nhập bằng mật khẩu này)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/settings_dialog.py" line="+165"/>
        <source>The settings could not be saved: {error}</source>
        <translation>Không lưu được cài đặt: {error}</translation>
    </message>
    <message>
        <location line="+67"/>
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
        <location line="+32"/>
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
        <location line="-20"/>
        <location line="+21"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Main stream above tile &amp;height</source>
        <translation>Dùng luồng chính khi ô &amp;cao hơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instant re&amp;play jumps back</source>
        <translation>&amp;Xem lại nhanh lùi về</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parent agency</source>
        <translation>Cơ quan cấp &amp;trên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agency add&amp;ress</source>
        <translation>Đị&amp;a chỉ cơ quan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place of &amp;issue</source>
        <translation>&amp;Nơi ban hành</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete footage &amp;older than</source>
        <translation>&amp;Xóa video cũ hơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disk &amp;quota for recordings</source>
        <translation>Hạn &amp;mức dung lượng ghi hình</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep free on the disk</source>
        <translation>&amp;Giữ trống trên ổ đĩa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When the disk is &amp;full</source>
        <translation>Khi ổ đĩa đầ&amp;y</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>General</source>
        <translation>Chung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Video wall</source>
        <translation>Tường video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Ghi hình</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Security</source>
        <translation>Bảo mật</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed documents</source>
        <translation>Văn bản in</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+21"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>The line above the agency, e.g. BỘ CÔNG AN</source>
        <translation>Dòng phía trên tên cơ quan, ví dụ: BỘ CÔNG AN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Street, ward, province: printed on notices</source>
        <translation>Số nhà, đường, phường/xã, tỉnh/thành phố: in trên thông báo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Hà Nội</source>
        <translation>ví dụ: Hà Nội</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No age limit</source>
        <translation>Không giới hạn thời gian</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>No quota</source>
        <translation>Không hạn mức</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overwrite the oldest footage (held footage is never deleted)</source>
        <translation>Ghi đè video cũ nhất (video đang được giữ lại không bao giờ bị xóa)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording of each camera…</source>
        <translation>Ghi hình của từng camera…</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+38"/>
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
        <location line="+43"/>
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
    <name>SignIn</name>
    <message>
        <location filename="../../ui/security/login_dialog.py" line="-53"/>
        <source>Too many failed log-ins: this account is locked until {time}. Try again then, or ask an administrator to unlock it.</source>
        <translation>Đăng nhập sai quá nhiều lần: tài khoản bị khóa đến {time}. Hãy thử lại sau thời điểm đó, hoặc nhờ quản trị viên mở khóa.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account has been deactivated.</source>
        <translation>Tài khoản này đã bị vô hiệu hóa.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrong user name or password.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The database cannot be reached: {error}</source>
        <translation>Không kết nối được cơ sở dữ liệu: {error}</translation>
    </message>
</context>
<context>
    <name>SignalForm</name>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="+164"/>
        <source>Draw region</source>
        <translation>Vẽ vùng</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove region</source>
        <translation>Bỏ vùng</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fixed cycle</source>
        <translation>Chu kỳ cố định</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Light region</source>
        <translation>Vùng đèn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cycle</source>
        <translation>Chu kỳ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Red</source>
        <translation>Đèn đỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A red phase starts at</source>
        <translation>Pha đèn đỏ bắt đầu lúc</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>marked</source>
        <translation>đã đánh dấu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not marked</source>
        <translation>chưa đánh dấu</translation>
    </message>
</context>
<context>
    <name>SiteChooser</name>
    <message>
        <location filename="../../ui/cameras/site_editor.py" line="+49"/>
        <source>(leave unchanged)</source>
        <translation>(giữ nguyên)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(no site)</source>
        <translation>(chưa có địa điểm)</translation>
    </message>
</context>
<context>
    <name>SiteEditorDialog</name>
    <message>
        <location line="+25"/>
        <source>Sites</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Site</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add province…</source>
        <translation>Thêm tỉnh/thành phố…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add under selected…</source>
        <translation>Thêm vào mục đã chọn…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>Đổi tên…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Province / city</source>
        <translation>Tỉnh / thành phố</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add province</source>
        <translation>Thêm tỉnh/thành phố</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add site</source>
        <translation>Thêm địa điểm</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Rename site</source>
        <translation>Đổi tên địa điểm</translation>
    </message>
</context>
<context>
    <name>StorageStatusDialog</name>
    <message>
        <location filename="../../ui/recording/storage_status.py" line="+52"/>
        <source>{value} {unit}</source>
        <translation>{value} {unit}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{value} B</source>
        <translation>{value} B</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Deleting footage past the retention limits…</source>
        <translation>Đang xóa video vượt quá giới hạn lưu trữ…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Comparing the index with the files on disk…</source>
        <translation>Đang đối chiếu chỉ mục với các tệp trên ổ đĩa…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Storage and integrity</source>
        <translation>Lưu trữ và toàn vẹn dữ liệu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recordings folder</source>
        <translation>Thư mục ghi hình</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Disk</source>
        <translation>Ổ đĩa</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recordings</source>
        <translation>Video đã ghi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest recording kept</source>
        <translation>Bản ghi cũ nhất còn lưu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Protected</source>
        <translation>Được bảo vệ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recording channels</source>
        <translation>Kênh ghi hình</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Current segment</source>
        <translation>Đoạn đang ghi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maintenance</source>
        <translation>Bảo trì</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run retention now</source>
        <translation>Dọn video hết hạn ngay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete footage older than the age limit or over the quota now, instead of at the next scheduled run. Held and protected footage is kept.</source>
        <translation>Xóa ngay video quá thời hạn lưu hoặc vượt hạn mức, không chờ lần chạy định kỳ tiếp theo. Video đang được giữ lại và được bảo vệ vẫn được giữ.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check integrity</source>
        <translation>Kiểm tra toàn vẹn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also verify file hashes (slow)</source>
        <translation>Kiểm tra cả mã băm tệp (chậm)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not running</source>
        <translation>Không chạy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recording</source>
        <translation>Đang ghi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for the camera</source>
        <translation>Đang chờ camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Starting</source>
        <translation>Đang khởi động</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>Đã dừng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disk full</source>
        <translation>Đầy ổ đĩa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{free} free of {total}</source>
        <translation>Còn trống {free} trên {total}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The folder cannot be read</source>
        <translation>Không đọc được thư mục</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>{size}, segments: {count}</source>
        <translation>{size}, số đoạn: {count}</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>held ranges: {holds}, protected segments: {segments}</source>
        <translation>khoảng thời gian được giữ lại: {holds}, đoạn được bảo vệ: {segments}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Missing file: {camera}, {start} — {path}</source>
        <translation>Thiếu tệp: {camera}, {start} — {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Empty file: {camera}, {start} — {path}</source>
        <translation>Tệp rỗng: {camera}, {start} — {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Size differs: {path} (index {indexed}, disk {actual} bytes)</source>
        <translation>Sai kích thước: {path} (chỉ mục {indexed}, trên đĩa {actual} byte)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hash differs (file changed): {path}</source>
        <translation>Sai mã băm (tệp đã bị thay đổi): {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not in the index: {path}</source>
        <translation>Không có trong chỉ mục: {path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gap: {camera}, {start} – {end} ({seconds} s)</source>
        <translation>Khoảng trống: {camera}, {start} – {end} ({seconds} giây)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The status cannot be read: {error}</source>
        <translation>Không đọc được trạng thái: {error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retention deleted {count} segments ({size}); {kept} old segments are kept because they are held. Recordings now use {remaining}.</source>
        <translation>Đã xóa {count} đoạn ({size}); giữ lại {kept} đoạn cũ vì đang được giữ lại. Video đã ghi hiện chiếm {remaining}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>missing files: {count}</source>
        <translation>thiếu tệp: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>empty files: {count}</source>
        <translation>tệp rỗng: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>files of another size: {count}</source>
        <translation>tệp sai kích thước: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>changed files: {count}</source>
        <translation>tệp bị thay đổi: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>files not in the index: {count}</source>
        <translation>tệp không có trong chỉ mục: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gaps in the footage: {count}</source>
        <translation>khoảng trống trong video: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segments checked: {checked}.</source>
        <translation>Số đoạn đã kiểm tra: {checked}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No damage found.</source>
        <translation>Không phát hiện hư hỏng.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Damage found:</source>
        <translation>Phát hiện hư hỏng:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The task failed. Details are in the log.</source>
        <translation>Tác vụ không thành công. Chi tiết có trong nhật ký.</translation>
    </message>
</context>
<context>
    <name>TicketDialog</name>
    <message>
        <location filename="../../ui/maintenance/ticket_dialog.py" line="+213"/>
        <source>Maintenance ticket #{id}</source>
        <translation>Phiếu sửa chữa số {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New maintenance ticket</source>
        <translation>Lập phiếu sửa chữa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera:</source>
        <translation>Camera:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem:</source>
        <translation>Sự cố:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assignee:</source>
        <translation>Người xử lý:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status:</source>
        <translation>Trạng thái:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cost:</source>
        <translation>Chi phí:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due date:</source>
        <translation>Hạn xử lý:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History:</source>
        <translation>Quá trình xử lý:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a note:</source>
        <translation>Thêm ghi chú:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photos:</source>
        <translation>Ảnh:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not known</source>
        <translation>chưa rõ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due by</source>
        <translation>Hạn đến</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach photos…</source>
        <translation>Đính kèm ảnh…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close ticket</source>
        <translation>Đóng phiếu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Technician or company</source>
        <translation>Kỹ thuật viên hoặc đơn vị sửa chữa</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Attach photos</source>
        <translation>Đính kèm ảnh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png *.webp *.bmp *.gif)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>SHA-256: {hash}</source>
        <translation>SHA-256: {hash}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} (not a readable image)</source>
        <translation>{name} (không đọc được ảnh)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Describe the problem (the ticket needs a title).</source>
        <translation>Hãy mô tả sự cố (phiếu cần có tiêu đề).</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The ticket was not saved: {error}</source>
        <translation>Chưa lưu được phiếu: {error}</translation>
    </message>
</context>
<context>
    <name>TicketStatus</name>
    <message>
        <location filename="../../ui/maintenance/labels.py" line="+11"/>
        <source>Open</source>
        <translation>Mới lập</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>Đang xử lý</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for parts</source>
        <translation>Chờ vật tư</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Đã xử lý xong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>Đã đóng</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <location filename="../../ui/maintenance/ticket_list.py" line="+30"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Sự cố</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignee</source>
        <translation>Người xử lý</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Opened</source>
        <translation>Ngày lập</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Closed</source>
        <translation>Ngày đóng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos</source>
        <translation>Ảnh</translation>
    </message>
</context>
<context>
    <name>TileActions</name>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="+98"/>
        <source>Tile {number}: no camera</source>
        <translation>Ô {number}: chưa có camera</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Analyse this camera</source>
        <translation>Phân tích camera này</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+40"/>
        <location line="+148"/>
        <source>No camera in this tile.</source>
        <translation>Ô này chưa có camera.</translation>
    </message>
    <message>
        <location line="-183"/>
        <source>Detect, count and find violations on this camera; the analysed picture shows in the Analysis panel</source>
        <translation>Nhận dạng, đếm và phát hiện vi phạm trên camera này; hình đã phân tích hiện ở khung Phân tích</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Take snapshot</source>
        <translation>Chụp ảnh</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Snapshots are not set up on this workstation.</source>
        <translation>Máy trạm này chưa được thiết lập chức năng chụp ảnh.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the picture shown now as evidence</source>
        <translation>Lưu hình ảnh đang hiển thị làm chứng cứ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PTZ control…</source>
        <translation>Điều khiển PTZ…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PTZ control is not set up on this workstation.</source>
        <translation>Máy trạm này chưa được thiết lập điều khiển PTZ.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan, tilt and zoom this camera</source>
        <translation>Quay, nghiêng và thu phóng camera này</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unmute sound</source>
        <translation>Bật tiếng</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mute sound</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sound is switched off for the wall.</source>
        <translation>Âm thanh của tường video đang bị tắt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This stream has no audio track.</source>
        <translation>Luồng này không có âm thanh.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open in playback</source>
        <translation>Mở trong xem lại</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show this camera&apos;s recordings from now back</source>
        <translation>Xem bản ghi của camera này tính ngược từ bây giờ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instant replay (last {seconds} s)</source>
        <translation>Phát lại nhanh ({seconds} giây vừa qua)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Play the last {seconds} seconds again</source>
        <translation>Phát lại {seconds} giây vừa qua</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tour in this tile</source>
        <translation>Xoay vòng camera trong ô này</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tour this layout</source>
        <translation>Xoay vòng cả bố cục</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No tours saved yet</source>
        <translation>Chưa lưu vòng xoay nào</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} ({count} cameras, {seconds} s)</source>
        <translation>{name} ({count} camera, {seconds} giây)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resume tour</source>
        <translation>Tiếp tục xoay vòng</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pause tour</source>
        <translation>Tạm dừng xoay vòng</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next in tour</source>
        <translation>Chuyển tiếp trong vòng xoay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop tour</source>
        <translation>Dừng xoay vòng</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit tours…</source>
        <translation>Sửa các vòng xoay…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>You may not take snapshots of {camera}.</source>
        <translation>Bạn không được phép chụp ảnh camera {camera}.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Snapshot of {camera} failed: {reason}</source>
        <translation>Chụp ảnh camera {camera} không thành công: {reason}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No user name and password are stored for {camera}; PTZ needs them.</source>
        <translation>Chưa lưu tên đăng nhập và mật khẩu cho {camera}; điều khiển PTZ cần thông tin này.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Your role does not allow this on this camera.</source>
        <translation>Vai trò của bạn không được phép làm việc này trên camera này.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recording is not set up on this workstation.</source>
        <translation>Máy trạm này chưa được thiết lập ghi hình.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No recording for this camera in the last {seconds} s</source>
        <translation>Camera này không có bản ghi trong {seconds} giây vừa qua</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Snapshot of {camera} saved as evidence #{number}: {path}</source>
        <translation>Đã lưu ảnh chụp camera {camera} làm chứng cứ số {number}: {path}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>unexpected error (see the log)</source>
        <translation>lỗi không mong đợi (xem nhật ký)</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../../ui/playback/timeline.py" line="+214"/>
        <source>The timeline could not be loaded: {error}</source>
        <translation>Không tải được dòng thời gian: {error}</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Violation</source>
        <translation>Vi phạm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bookmark</source>
        <translation>Đánh dấu</translation>
    </message>
</context>
<context>
    <name>TourController</name>
    <message>
        <location filename="../../ui/wall/tour_controller.py" line="+209"/>
        <source>Tour paused</source>
        <translation>Đã tạm dừng xoay vòng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tour &apos;{name}&apos; is paused. Right-click the tile and choose &apos;Resume tour&apos; to go on.</source>
        <translation>Vòng xoay &apos;{name}&apos; đang tạm dừng. Nhấp chuột phải vào ô và chọn &apos;Tiếp tục xoay vòng&apos; để chạy tiếp.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tour {position} · {seconds} s</source>
        <translation>Xoay vòng {position} · {seconds} giây</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tour &apos;{name}&apos;: page {position}, next in {seconds} s. Click the tile to pause it.</source>
        <translation>Vòng xoay &apos;{name}&apos;: trang {position}, chuyển sau {seconds} giây. Nhấp vào ô để tạm dừng.</translation>
    </message>
</context>
<context>
    <name>TourEditorDialog</name>
    <message>
        <location filename="../../ui/wall/tour_editor.py" line="+170"/>
        <source>Give the tour a name.</source>
        <translation>Hãy đặt tên cho vòng xoay.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add at least one camera to the tour.</source>
        <translation>Hãy thêm ít nhất một camera vào vòng xoay.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Camera tours</source>
        <translation>Xoay vòng camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your tours</source>
        <translation>Các vòng xoay của bạn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time on each camera</source>
        <translation>Thời gian mỗi camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least {seconds} seconds</source>
        <translation>Tối thiểu {seconds} giây</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the tour, in order</source>
        <translation>Trong vòng xoay, theo thứ tự</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add →</source>
        <translation>Thêm →</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>← Remove</source>
        <translation>← Bỏ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up</source>
        <translation>Lên</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down</source>
        <translation>Xuống</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Camera #{id} (removed)</source>
        <translation>Camera số {id} (đã xóa)</translation>
    </message>
</context>
<context>
    <name>TrafficDashboard</name>
    <message>
        <location filename="../../ui/reports/traffic_dashboard.py" line="+45"/>
        <source>Traffic report</source>
        <translation>Báo cáo lưu lượng</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Show</source>
        <translation>Xem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export PDF…</source>
        <translation>Xuất PDF…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From:</source>
        <translation>Từ ngày:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To:</source>
        <translation>Đến ngày:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Gateway:</source>
        <translation>Cửa ngõ:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vehicles per hour of the day</source>
        <translation>Lượt phương tiện theo giờ trong ngày</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of each vehicle class (%)</source>
        <translation>Tỷ lệ theo loại phương tiện (%)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vehicle class</source>
        <translation>Loại phương tiện</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Count</source>
        <translation>Số lượt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share</source>
        <translation>Tỷ lệ</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>All gateways</source>
        <translation>Tất cả cửa ngõ</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{total} vehicles counted.</source>
        <translation>Đã đếm {total} lượt phương tiện.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Peak hour: {hour}:00 on {day} ({count} vehicles).</source>
        <translation>Giờ cao điểm: {hour}:00 ngày {day} ({count} lượt).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Busiest gateway on {day}: {name} ({count} vehicles).</source>
        <translation>Cửa ngõ đông nhất ngày {day}: {name} ({count} lượt).</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Save the traffic report</source>
        <translation>Lưu báo cáo lưu lượng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <location filename="../../ui/security/users_dialog.py" line="+16"/>
        <source>Users and roles</source>
        <translation>Người dùng và vai trò</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Active</source>
        <translation>Hoạt động</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameras</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last sign-in</source>
        <translation>Đăng nhập gần nhất</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New user…</source>
        <translation>Người dùng mới…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change role…</source>
        <translation>Đổi vai trò…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera rights…</source>
        <translation>Quyền theo camera…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset password…</source>
        <translation>Đặt lại mật khẩu…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lift log-in lock</source>
        <translation>Mở khóa đăng nhập</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deactivate</source>
        <translation>Vô hiệu hóa</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Built-in roles cannot be changed; create a custom role to adjust rights.</source>
        <translation>Không sửa được vai trò có sẵn; hãy tạo vai trò tùy chỉnh để điều chỉnh quyền.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New role</source>
        <translation>Vai trò mới</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save role</source>
        <translation>Lưu vai trò</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete role</source>
        <translation>Xóa vai trò</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Role name:</source>
        <translation>Tên vai trò:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Permissions:</source>
        <translation>Quyền:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>all</source>
        <translation>tất cả</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> (built-in)</source>
        <translation> (có sẵn)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>User {name} created.</source>
        <translation>Đã tạo người dùng {name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Role of {name} changed.</source>
        <translation>Đã đổi vai trò của {name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Camera rights of {name} saved.</source>
        <translation>Đã lưu quyền theo camera của {name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Password of {name} reset; tell the user in person.</source>
        <translation>Đã đặt lại mật khẩu của {name}; hãy báo trực tiếp cho người dùng.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} can sign in again.</source>
        <translation>{name} có thể đăng nhập lại.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} deactivated.</source>
        <translation>Đã vô hiệu hóa {name}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Role {name} saved.</source>
        <translation>Đã lưu vai trò {name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Role {name} deleted.</source>
        <translation>Đã xóa vai trò {name}.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Select a user first.</source>
        <translation>Hãy chọn một người dùng trước.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Change role</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New role:</source>
        <translation>Vai trò mới:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reset password</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password:</source>
        <translation>Mật khẩu mới:</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <location filename="../../ui/wall/tile.py" line="+57"/>
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
        <location line="+197"/>
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
    <name>ViolationState</name>
    <message>
        <location filename="../../ui/review/queue_model.py" line="-65"/>
        <source>Detected</source>
        <translation>Mới phát hiện</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified</source>
        <translation>Đã xác minh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>Đã phê duyệt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forwarded</source>
        <translation>Đã chuyển xử lý</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fined</source>
        <translation>Đã xử phạt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>Đã kết thúc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>Đã loại bỏ</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <location filename="../../ui/wall/wall_view.py" line="+152"/>
        <source>The grid must be 1×1 to 5×5.</source>
        <translation>Lưới phải từ 1×1 đến 5×5.</translation>
    </message>
    <message>
        <location line="+200"/>
        <source>Camera {id}</source>
        <translation>Camera {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>camera not found</source>
        <translation>không tìm thấy camera</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no stream address</source>
        <translation>không có địa chỉ luồng video</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>invalid stream address</source>
        <translation>địa chỉ luồng video không hợp lệ</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>There is no tile {index} on this wall.</source>
        <translation>Tường video không có ô số {index}.</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../../ui/wall/wall_window.py" line="+44"/>
        <source>Screen {number}: {name} ({width}×{height})</source>
        <translation>Màn hình {number}: {name} ({width}×{height})</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Trực Ban — Wall on screen {number}</source>
        <translation>Trực Ban — Tường video trên màn hình {number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Full screen</source>
        <translation>&amp;Toàn màn hình</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>There is no screen {number}.</source>
        <translation>Không có màn hình {number}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Screen {number} ({name}) is not connected.</source>
        <translation>Màn hình {number} ({name}) chưa được kết nối.</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <location filename="../../ui/workstation.py" line="+45"/>
        <source>Violation review</source>
        <translation>Xét duyệt vi phạm</translation>
    </message>
</context>
<context>
    <name>WorkstationSession</name>
    <message>
        <location filename="../../ui/security/session.py" line="+53"/>
        <source>&amp;Users and roles…</source>
        <translation>&amp;Người dùng và vai trò…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit &amp;trail…</source>
        <translation>&amp;Nhật ký kiểm tra…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock the workstation</source>
        <translation>&amp;Khóa máy trạm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out / switch user…</source>
        <translation>Đăng &amp;xuất / đổi người dùng…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signed in: {name} ({role})</source>
        <translation>Đang đăng nhập: {name} ({role})</translation>
    </message>
</context>
<context>
    <name>ZoneForm</name>
    <message>
        <location filename="../../ui/analytics/scene_forms.py" line="-170"/>
        <source>No stopping</source>
        <translation>Cấm dừng đỗ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crowd</source>
        <translation>Tụ tập đông người</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intrusion</source>
        <translation>Xâm nhập</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Counting only</source>
        <translation>Chỉ đếm</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only between</source>
        <translation>Chỉ trong khoảng</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>and</source>
        <translation>đến</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> h</source>
        <translation> giờ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped longer than</source>
        <translation>Dừng lâu hơn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More persons than</source>
        <translation>Số người vượt quá</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Armed</source>
        <translation>Thời gian giám sát</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classes (none: default)</source>
        <translation>Loại đối tượng (không chọn: mặc định)</translation>
    </message>
</context>
</TS>
