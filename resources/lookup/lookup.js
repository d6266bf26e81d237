// Search of the published look-up data. Runs offline: the data comes from data.js (works from
// disk) or data.json (when served). Results are built with textContent only, never innerHTML,
// so nothing in the data can run as code.
(function () {
  "use strict";

  var FIELDS = [
    ["Biển kiểm soát", "plate"],
    ["Hành vi vi phạm", "act"],
    ["Căn cứ pháp lý", "article"],
    ["Mức phạt tiền", "fine_range"],
    ["Thời gian", "time_text"],
    ["Địa điểm", "place"],
    ["Mã tra cứu", "lookup_code"]
  ];
  var records = [];

  function key(text) {
    // Same rule as plate_key() in app/reports/lookup_export.py: letters and digits only.
    return String(text || "").toUpperCase().replace(/[^0-9A-Z]/g, "");
  }

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function show(found, query) {
    var results = document.getElementById("results");
    var status = document.getElementById("status");
    results.textContent = "";
    if (!query) { status.textContent = ""; return; }
    if (!found.length) {
      status.textContent = "Không tìm thấy vi phạm nào cho \u201c" + query + "\u201d.";
      return;
    }
    status.textContent = "Tìm thấy " + found.length + " vi phạm.";
    found.forEach(function (record) {
      var box = element("section");
      box.className = "result";
      box.appendChild(element("h2", record.type_title));
      var list = element("dl");
      FIELDS.forEach(function (field) {
        if (!record[field[1]]) { return; }
        list.appendChild(element("dt", field[0]));
        list.appendChild(element("dd", record[field[1]]));
      });
      box.appendChild(list);
      (record.images || []).forEach(function (src) {
        if (!/^images\/[0-9a-f]+\.jpg$/.test(src)) { return; }
        var img = element("img");
        img.src = src;
        img.alt = "Hình ảnh vi phạm";
        box.appendChild(img);
      });
      results.appendChild(box);
    });
  }

  function search() {
    var query = document.getElementById("plate").value.trim();
    var wanted = key(query);
    var found = wanted ? records.filter(function (r) {
      return r.plate_key === wanted || key(r.lookup_code) === wanted;
    }) : [];
    show(found, query);
  }

  function ready(data) {
    records = (data && data.violations) || [];
    if (data && data.generated_at) {
      document.getElementById("generated").textContent =
        "Dữ liệu cập nhật lúc " + data.generated_at.replace("T", " ").slice(0, 16) + ".";
    }
    var input = document.getElementById("plate");
    input.addEventListener("input", search);
    document.getElementById("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { input.value = params.get("q"); }
    document.body.setAttribute("data-ready", "1");
    search();
  }

  if (window.LOOKUP_DATA) {
    ready(window.LOOKUP_DATA);
  } else {
    fetch("data.json").then(function (r) { return r.json(); }).then(ready, function () {
      document.getElementById("status").textContent = "Không tải được dữ liệu tra cứu.";
    });
  }
}());
