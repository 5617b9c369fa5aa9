<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>Columns</name>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="73" />
        <source>Order</source>
        <extracomment>The results table of a reconciliation (ReconResult.rows), in display order.</extracomment>
        <translation>주문번호</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="74" />
        <source>Status</source>
        <translation>대사 상태</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="75" />
        <source>Ordered at</source>
        <translation>주문일시</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="76" />
        <source>Order amount</source>
        <translation>주문금액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="77" />
        <source>Paid</source>
        <translation>결제액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="78" />
        <source>Cancelled</source>
        <translation>취소액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="79" />
        <source>Refunded (shop)</source>
        <translation>환불액(쇼핑몰)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="80" />
        <source>PG fee</source>
        <translation>PG 수수료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="81" />
        <source>Fee VAT</source>
        <translation>수수료 부가세</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="82" />
        <source>Settlement</source>
        <translation>정산 예정액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="83" />
        <source>Difference</source>
        <translation>차이</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="84" />
        <source>PG</source>
        <translation>PG사</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="85" />
        <source>Method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="86" />
        <source>Payment (imp_uid)</source>
        <translation>결제번호(imp_uid)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="87" />
        <source>Resolved</source>
        <translation>해결</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="88" />
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="89" />
        <source>Resolution note</source>
        <translation>해결 메모</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="90" />
        <source>Buyer</source>
        <translation>주문자</translation>
    </message>
</context>
<context>
    <name>ClientsPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>No store selected.</source>
        <translation>선택한 상점이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>&amp;Close month…</source>
        <translation>월 마감(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Re&amp;open month…</source>
        <translation>마감 해제(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Client shop</source>
        <translation>고객 상점</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Last sync (KST)</source>
        <translation>마지막 동기화 (KST)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Reconciled (KST)</source>
        <translation>대사 시각 (KST)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Open exceptions</source>
        <translation>확인할 예외</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Settlement</source>
        <translation>정산 예정액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Closed</source>
        <translation>마감</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Client shops</source>
        <translation>고객 상점 목록</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Double-click a client shop to open it.</source>
        <translation>고객 상점을 두 번 누르면 그 상점을 엽니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Store %1 has no data yet.</source>
        <translation>상점 %1에는 아직 자료가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>%1 of %2 is closed — by %3 at %4.</source>
        <translation>%2의 %1은(는) 마감되었습니다 — %3, %4.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Note: %1</source>
        <translation>메모: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>%1 of %2 is open.</source>
        <translation>%2의 %1은(는) 마감 전입니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Close month</source>
        <translation>월 마감</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Note for the close (optional):</source>
        <translation>마감 메모 (선택):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>%1 exceptions are not resolved. Close anyway? Give the reason:</source>
        <translation>해결되지 않은 예외가 %1건 있습니다. 그래도 마감하려면 사유를 적으세요:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Reopen month</source>
        <translation>마감 해제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Why is the month reopened?</source>
        <translation>마감을 해제하는 사유:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Prepare every client's mon&amp;th…</source>
        <translation>모든 고객의 한 달 준비(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Preparing every client's month…</source>
        <translation>모든 고객의 한 달을 준비하는 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Cancelled. The clients finished so far are in the output folder.</source>
        <translation>취소했습니다. 여기까지 끝난 고객의 자료는 출력 폴더에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>%1 clients done, %2 failed. Summary: %3</source>
        <translation>완료 %1곳, 실패 %2곳. 요약: %3</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Client list (TOML), or cancel to choose a folder of ledgers</source>
        <translation>고객 목록(TOML) — 원장 폴더를 고르려면 취소</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Client list (*.toml)</source>
        <translation>고객 목록 (*.toml)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Folder of client ledgers</source>
        <translation>고객 원장 폴더</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Output folder</source>
        <translation>출력 폴더</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/clients_panel.py" />
        <source>Accounting &amp;mapping…</source>
        <translation>회계 매핑(&amp;M)…</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Accounting mapping</source>
        <translation>회계 매핑</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Company name</source>
        <translation>회사명</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Representative</source>
        <translation>대표자</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Account</source>
        <translation>계정</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>PG</source>
        <translation>PG</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Partner code</source>
        <translation>거래처코드</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Partner name</source>
        <translation>거래처명</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Business no.</source>
        <translation>사업자번호</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Payment method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Column of the card-sales form</source>
        <translation>집계표 칸</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Company</source>
        <translation>회사</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Accounts</source>
        <translation>계정과목</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>PG partners</source>
        <translation>PG 거래처</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Payment methods</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Used by VAT references, vouchers, packs and batches. The ERP column layouts are in the same file (medium confidence; edit them there).</source>
        <translation>부가세 참고자료, 전표, 월 묶음, 일괄 준비에 쓰입니다. 회계 프로그램 전표의 열 배치는 같은 파일에 있습니다(중간 확신 수준; 파일에서 고치세요).</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/mapping_dialog.py" />
        <source>Account '%1' needs a code and a name.</source>
        <translation>계정 '%1'에 코드와 이름이 필요합니다.</translation>
    </message>
</context>
<context>
    <name>DashboardPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="28" />
        <source>Reconcile a month to see its figures.</source>
        <translation>월을 골라 대사를 실행하면 숫자가 나타납니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="35" />
        <source>Gross sales</source>
        <translation>총 결제액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="36" />
        <source>Refunds</source>
        <translation>환불(취소)액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="37" />
        <source>PG fees</source>
        <translation>PG 수수료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="38" />
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="119" />
        <source>Fee VAT</source>
        <translation>수수료 부가세</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="39" />
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="92" />
        <source>Expected settlement</source>
        <translation>정산 예정액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="40" />
        <source>Open exceptions</source>
        <translation>미해결 예외</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="41" />
        <source>Exception amount</source>
        <translation>예외 금액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="48" />
        <source>Daily sales vs expected settlement</source>
        <translation>일별 결제액과 정산 예정액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="50" />
        <source>PG fees by PG and method</source>
        <translation>PG사·결제수단별 수수료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="51" />
        <source>Daily sales chart</source>
        <translation>일별 결제액 차트</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="52" />
        <source>Fees chart</source>
        <translation>수수료 차트</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="66" />
        <source>%1 · store %2</source>
        <translation>%1 · 상점 %2</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="70" />
        <source>%1 orders</source>
        <translation>주문 %1건</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="87" />
        <source>Sales</source>
        <translation>결제액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/dashboard_panel.py" line="117" />
        <source>Fee</source>
        <translation>수수료</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="35" />
        <source>Nothing was changed. You can start again at any time.</source>
        <translation>아무것도 바뀌지 않았습니다. 언제든 다시 시작할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="38" />
        <source>Something unexpected went wrong. Your ledger was not changed.</source>
        <translation>예기치 못한 오류가 발생했습니다. 원장은 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="39" />
        <source>Please try again. If it happens again, send the log file to support.</source>
        <translation>다시 시도해 주세요. 또 발생하면 로그 파일을 지원 담당자에게 보내 주세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="41" />
        <source>Log file: %1</source>
        <translation>로그 파일: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="52" />
        <source>Recon — problem</source>
        <translation>Recon — 문제가 생겼습니다</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="72" />
        <source>Details</source>
        <translation>자세히</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="75" />
        <source>&amp;Details</source>
        <translation>자세히(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/error_dialog.py" line="78" />
        <source>&amp;Copy details</source>
        <translation>내용 복사(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ExportDoneDialog</name>
    <message>
        <location filename="../../recon_app/gui/panels/export_done.py" line="22" />
        <source>Export finished</source>
        <translation>내보내기 완료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/export_done.py" line="23" />
        <source>Saved:</source>
        <translation>저장했습니다:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/export_done.py" line="25" />
        <source>&amp;Open folder</source>
        <translation>폴더 열기(&amp;O)</translation>
    </message>
</context>
<context>
    <name>FeeRulesDialog</name>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="69" />
        <source>PG fee rules</source>
        <translation>PG 수수료 규칙</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="74" />
        <source>The most specific rule wins: PG + method, then method, then PG, then the rule with neither (required). Rates in percent, amounts in won. Leave VAT and rounding empty to use the defaults below.</source>
        <translation>가장 구체적인 규칙이 적용됩니다: PG사+결제수단 → 결제수단 → PG사 → 둘 다 비운 기본 규칙(필수). 요율은 %, 금액은 원 단위입니다. 부가세와 반올림을 비우면 아래 기본값을 씁니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="83" />
        <source>PG (empty = any)</source>
        <translation>PG사 (빈칸=전체)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="84" />
        <source>Method (empty = any)</source>
        <translation>결제수단 (빈칸=전체)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="85" />
        <source>Rate %</source>
        <translation>요율 %</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="86" />
        <source>Minimum ₩</source>
        <translation>최소 ₩</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="87" />
        <source>Flat ₩</source>
        <translation>건당 정액 ₩</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="88" />
        <source>VAT % (empty = default)</source>
        <translation>부가세 % (빈칸=기본)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="89" />
        <source>Rounding</source>
        <translation>반올림</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="93" />
        <source>Fee rules</source>
        <translation>수수료 규칙</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="95" />
        <source>Default VAT on fees, percent</source>
        <translation>수수료 기본 부가세(%)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="97" />
        <source>Default rounding</source>
        <translation>기본 반올림</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="99" />
        <source>Default &amp;VAT on fees (%):</source>
        <translation>수수료 기본 부가세(%)(&amp;V):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="100" />
        <source>Default &amp;rounding:</source>
        <translation>기본 반올림(&amp;R):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="102" />
        <source>&amp;Add rule</source>
        <translation>규칙 추가(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="103" />
        <source>Re&amp;move rule</source>
        <translation>규칙 삭제(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="104" />
        <source>Restore &amp;defaults</source>
        <translation>기본값 복원(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="117" />
        <source>Problem</source>
        <translation>문제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="181" />
        <source>Row %1, column '%2': %3</source>
        <translation>%1행, '%2' 열: %3</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="183" />
        <source>Rates are percent (3.2 means 3.2%); amounts are whole won.</source>
        <translation>요율은 %로 적습니다(3.2는 3.2%). 금액은 원 단위 정수입니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="201" />
        <source>Default VAT: %1</source>
        <translation>기본 부가세: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="206" />
        <source>fee rules edited in the app</source>
        <translation>앱에서 편집한 수수료 규칙</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="227" />
        <source>(default)</source>
        <translation>(기본)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="228" />
        <source>Half up</source>
        <translation>반올림</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/fee_rules_dialog.py" line="229" />
        <source>Round down</source>
        <translation>버림</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>No store selected.</source>
        <translation>선택한 상점이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Reconciled at (KST)</source>
        <translation>대사 시각 (KST)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Rows</source>
        <translation>행 수</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Exceptions</source>
        <translation>예외</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>PG gross</source>
        <translation>PG 결제 총액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Fees</source>
        <translation>수수료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Settlement</source>
        <translation>정산 예정액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Fee rules</source>
        <translation>수수료 규칙</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>History of runs</source>
        <translation>대사 실행 기록</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Reconciliations of store %1, newest first.</source>
        <translation>상점 %1의 대사 실행 기록 (최근 순)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/history_panel.py" />
        <source>Store %1 has not been reconciled yet.</source>
        <translation>상점 %1은(는) 아직 대사하지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="41" />
        <source>Paid</source>
        <extracomment>The canonical statuses an unknown word can be mapped to (ImportOptions.status_map values).</extracomment>
        <translation>결제완료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="42" />
        <source>Awaiting payment</source>
        <translation>입금대기</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="43" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="44" />
        <source>Partially refunded</source>
        <translation>부분환불</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="49" />
        <source>Order number</source>
        <extracomment>How the canonical order fields are named in the mapping form.</extracomment>
        <translation>주문번호</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="50" />
        <source>Order date</source>
        <translation>주문일시</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="51" />
        <source>Amount</source>
        <translation>결제금액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="52" />
        <source>Order status</source>
        <translation>주문상태</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="53" />
        <source>Refunded amount</source>
        <translation>환불금액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="54" />
        <source>Payment method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="55" />
        <source>Buyer</source>
        <translation>주문자명</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="56" />
        <source>Line amount</source>
        <translation>품목 금액</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="57" />
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="58" />
        <source>Unit price</source>
        <translation>단가</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="79" />
        <source>&amp;Choose file…</source>
        <extracomment>The mapping the importer detected on its own (first preview of this file): only the user's changes against it are sent as column_map overrides.</extracomment>
        <translation>파일 선택(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="81" />
        <source>Drop an order export (CSV or Excel) here, or choose a file.</source>
        <translation>주문 내보내기 파일(CSV 또는 엑셀)을 여기에 끌어다 놓거나 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="91" />
        <source>Sheet</source>
        <translation>시트</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="95" />
        <source>only for a password-protected Excel file</source>
        <translation>암호가 걸린 엑셀 파일만</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="96" />
        <source>Excel password</source>
        <translation>엑셀 암호</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="98" />
        <source>S&amp;kip bad rows (they are listed in the report)</source>
        <translation>잘못된 행 건너뛰기 (보고서에 표시)(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="100" />
        <source>Sheet:</source>
        <translation>시트:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="101" />
        <source>Password:</source>
        <translation>암호:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="105" />
        <source>Columns (change if detected wrongly)</source>
        <translation>열 지정 (잘못 찾았으면 바꾸세요)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="108" />
        <source>Unknown status words</source>
        <translation>알 수 없는 주문상태</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="125" />
        <source>First rows of the file</source>
        <translation>파일의 처음 몇 행</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="129" />
        <source>Problems and import report</source>
        <translation>문제와 가져오기 보고서</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="130" />
        <source>Problems found in the file and the import report appear here.</source>
        <translation>파일에서 찾은 문제와 가져오기 결과가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="133" />
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="133" />
        <source>Column</source>
        <translation>열</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="133" />
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="133" />
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="138" />
        <source>Skipped rows</source>
        <translation>건너뛴 행</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="149" />
        <source>&amp;Import orders</source>
        <translation>주문 가져오기(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="199" />
        <source>Reading the file…</source>
        <translation>파일을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="208" />
        <source>Choose what these status words mean first: %1</source>
        <translation>먼저 다음 주문상태의 뜻을 골라 주세요: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="228" />
        <source>Encoding: %1</source>
        <translation>인코딩: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="229" />
        <source>Header row: %1</source>
        <translation>머리글 행: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="232" />
        <source>Sheet: %1</source>
        <translation>시트: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="239" />
        <source>No problems found. Ready to import.</source>
        <translation>문제가 없습니다. 가져올 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="251" />
        <source>Import finished.</source>
        <translation>가져오기를 마쳤습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="276" />
        <source>Choose an order export</source>
        <translation>주문 내보내기 파일 선택</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="278" />
        <source>Order exports (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls);;All files (*)</source>
        <translation>주문 파일 (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="299" />
        <source>(not used)</source>
        <translation>(사용 안 함)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="320" />
        <source>(choose)</source>
        <translation>(선택)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="325" />
        <source>Meaning of status '%1'</source>
        <translation>주문상태 '%1'의 뜻</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Detail status</source>
        <translation>주문세부상태</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Payment state</source>
        <translation>결제구분</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Cancel type</source>
        <translation>취소구분</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Save &amp;layout…</source>
        <translation>양식 저장(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Layout: %1</source>
        <translation>양식: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Save layout</source>
        <translation>양식 저장</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Name for these columns:</source>
        <translation>이 열 지정의 이름:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/import_panel.py" line="0" />
        <source>Layout '%1' saved.</source>
        <translation>양식 '%1'을(를) 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>KpiCard</name>
    <message>
        <location filename="../../recon_app/gui/widgets/kpi_card.py" line="38" />
        <source> KRW</source>
        <translation>원</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Paid</source>
        <translation>결제 완료</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Awaiting payment</source>
        <translation>결제 대기</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Cancelled</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Partially refunded</source>
        <translation>부분 환불</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Not paid yet (ready)</source>
        <translation>미결제 (ready)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="72" />
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="50" />
        <source>Duplicate payment</source>
        <extracomment>For CATEGORY columns: code -&gt; English source label (context "Labels"); unknown codes are shown as they are.</extracomment>
        <translation>중복 결제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="51" />
        <source>Payment without order</source>
        <translation>주문 없는 결제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="52" />
        <source>Virtual account unpaid</source>
        <translation>가상계좌 미입금</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="53" />
        <source>Missing payment</source>
        <translation>결제 누락</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="54" />
        <source>Awaiting deposit</source>
        <translation>입금 대기</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="55" />
        <source>Cancelled before payment</source>
        <translation>결제 전 취소</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="56" />
        <source>Unconfirmed payment</source>
        <translation>미확인 결제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="57" />
        <source>Matched</source>
        <translation>일치</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="58" />
        <source>Refund missing</source>
        <translation>환불 누락</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="59" />
        <source>Excess refund</source>
        <translation>초과 환불</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="60" />
        <source>Amount mismatch</source>
        <translation>금액 불일치</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="64" />
        <source>Card</source>
        <translation>카드</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="65" />
        <source>Virtual account</source>
        <translation>가상계좌</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="66" />
        <source>Bank transfer</source>
        <translation>계좌이체</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="67" />
        <source>Phone billing</source>
        <translation>휴대폰</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/models/columns.py" line="68" />
        <source>Points</source>
        <translation>포인트</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="100" />
        <source>Cancelled: %1. Nothing was changed.</source>
        <translation>취소됨: %1. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="108" />
        <source>Recon — settlement reconciliation</source>
        <translation>Recon — 정산 대사</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="118" />
        <source>&amp;Dashboard</source>
        <translation>대시보드(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="119" />
        <source>Re&amp;sults</source>
        <translation>대사 결과(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="120" />
        <source>&amp;Import orders</source>
        <translation>주문 가져오기(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="121" />
        <source>S&amp;ync payments</source>
        <translation>결제 동기화(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="157" />
        <source>&amp;Reconcile</source>
        <translation>대사 실행(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="158" />
        <source>Reconcile the selected month</source>
        <translation>선택한 달의 대사를 실행합니다</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="159" />
        <source>Export &amp;Excel…</source>
        <translation>엑셀로 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="160" />
        <source>Export &amp;CSV…</source>
        <translation>CSV로 내보내기(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="162" />
        <source>&amp;Import orders…</source>
        <translation>주문 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="163" />
        <source>S&amp;ync payments…</source>
        <translation>결제 동기화(&amp;Y)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="165" />
        <source>&amp;Fee rules…</source>
        <translation>수수료 규칙(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="166" />
        <source>&amp;Add a store…</source>
        <translation>상점 추가(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="167" />
        <source>Open the &amp;demo store</source>
        <translation>데모 상점 열기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="168" />
        <source>&amp;Open ledger…</source>
        <translation>원장 열기(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="169" />
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="170" />
        <source>&amp;Undo last resolution</source>
        <translation>마지막 해결 처리 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="171" />
        <source>Open &amp;log folder</source>
        <translation>로그 폴더 열기(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="172" />
        <source>&amp;About Recon</source>
        <translation>Recon 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="177" />
        <source>Main toolbar</source>
        <translation>기본 도구 모음</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="182" />
        <source>Store</source>
        <translation>상점</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="186" />
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="187" />
        <source> Store: </source>
        <translation> 상점: </translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="189" />
        <source> Month: </source>
        <translation> 월: </translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="205" />
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="209" />
        <source>&amp;Work</source>
        <translation>작업(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="213" />
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="214" />
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="224" />
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="260" />
        <source>Working…</source>
        <translation>작업 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="266" />
        <source>Ledger: %1</source>
        <translation>원장: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="273" />
        <source>Opening the ledger</source>
        <translation>원장 여는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="299" />
        <source>Reading stores</source>
        <translation>상점 목록 읽는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="315" />
        <source>Reconciling %1</source>
        <translation>%1 대사 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="316" />
        <source>Reconciling %1 (%2)</source>
        <translation>%1 대사 중 (%2)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="351" />
        <source>Loading details</source>
        <translation>상세 내용 읽는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="364" />
        <source>Marked resolved. Ctrl+Z undoes it.</source>
        <translation>해결 처리했습니다. Ctrl+Z로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="367" />
        <source>Resolving</source>
        <translation>해결 처리 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="381" />
        <location filename="../../recon_app/gui/main_window.py" line="395" />
        <source>Undoing</source>
        <translation>되돌리는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="385" />
        <source>Nothing to undo.</source>
        <translation>되돌릴 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="411" />
        <source>Loading fee rules</source>
        <translation>수수료 규칙 읽는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="429" />
        <source>Fee rules saved.</source>
        <translation>수수료 규칙을 저장했습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="433" />
        <source>Saving fee rules</source>
        <translation>수수료 규칙 저장 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="443" />
        <source>Restoring fee rules</source>
        <translation>수수료 규칙 복원 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="470" />
        <source>Reading %1</source>
        <translation>%1 읽는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="490" />
        <source>Importing %1</source>
        <translation>%1 가져오는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="491" />
        <source>Importing orders</source>
        <translation>주문 가져오는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="493" />
        <source>Import cancelled; nothing was saved.</source>
        <translation>가져오기를 취소했습니다. 아무것도 저장되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="516" />
        <source>Sync finished.</source>
        <translation>동기화를 마쳤습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="521" />
        <source>Sync cancelled. Windows already completed are kept; the rest was not written.</source>
        <translation>동기화를 취소했습니다(cancelled). 이미 끝난 구간은 저장되었고 나머지는 기록되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="526" />
        <source>Sync failed.</source>
        <translation>동기화에 실패했습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="532" />
        <source>Syncing payments</source>
        <translation>결제 동기화 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="551" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>엑셀 통합 문서 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="551" />
        <source>CSV file (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="552" />
        <source>Export report</source>
        <translation>보고서 내보내기</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="571" />
        <source>Saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="576" />
        <source>Exporting</source>
        <translation>내보내는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="577" />
        <source>Writing the report</source>
        <translation>보고서 쓰는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="598" />
        <source>Testing the connection</source>
        <translation>연결 확인 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="599" />
        <source>Connected: the key and secret work.</source>
        <translation>연결됨: 키와 시크릿이 맞습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="620" />
        <source>Saving the store</source>
        <translation>상점 저장 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="644" />
        <source>Preparing the demo store</source>
        <translation>데모 상점 준비 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="645" />
        <source>Preparing the demo store (sandbox)</source>
        <translation>데모 상점 준비 중 (샌드박스)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="660" />
        <source>Open ledger</source>
        <translation>원장 열기</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="661" />
        <source>Recon ledger (*.sqlite3 *.db);;All files (*)</source>
        <translation>Recon 원장 (*.sqlite3 *.db);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="674" />
        <source>About Recon</source>
        <translation>Recon 정보</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="675" />
        <source>Recon %1 — reconciliation and settlement for Korean online shops.</source>
        <translation>Recon %1 — 온라인 쇼핑몰을 위한 정산 대사 프로그램.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" line="683" />
        <source>Sorting</source>
        <translation>정렬 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" />
        <source>R&amp;un history</source>
        <translation>대사 실행 기록(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" />
        <source>Reading the history of runs</source>
        <translation>대사 실행 기록 읽는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/main_window.py" />
        <source>C&amp;lients</source>
        <translation>고객(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Loading client shops</source>
        <translation>고객 상점 불러오는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Closing the month</source>
        <translation>월 마감 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Reopening the month</source>
        <translation>마감 해제 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Preparing every client's month</source>
        <translation>모든 고객의 한 달 준비</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Loading the accounting mapping</source>
        <translation>회계 매핑 불러오는 중</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Accounting mapping saved: %1</source>
        <translation>회계 매핑을 저장했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/operations/closing.py" />
        <source>Saving the accounting mapping</source>
        <translation>회계 매핑 저장 중</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <location filename="../../recon_app/gui/widgets/progress_dialog.py" line="38" />
        <source>about %1 h %2 min left</source>
        <translation>약 %1시간 %2분 남음</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/progress_dialog.py" line="41" />
        <source>about %1 min %2 s left</source>
        <translation>약 %1분 %2초 남음</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/progress_dialog.py" line="43" />
        <source>about %1 s left</source>
        <translation>약 %1초 남음</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/progress_dialog.py" line="61" />
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/widgets/progress_dialog.py" line="88" />
        <source>Cancelling… nothing half-done will be saved.</source>
        <translation>취소하는 중… 절반만 된 작업은 저장되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="52" />
        <source>Status filter</source>
        <translation>상태 필터</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="54" />
        <source>PG filter</source>
        <translation>PG사 필터</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="56" />
        <source>Method filter</source>
        <translation>결제수단 필터</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="58" />
        <source>Search order, payment, buyer, reason… (Ctrl+F)</source>
        <translation>주문번호, 결제번호, 주문자, 사유 검색… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="60" />
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="61" />
        <source>&amp;Open exceptions only</source>
        <translation>미해결 예외만(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="66" />
        <source>&amp;Status:</source>
        <translation>상태(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="67" />
        <source>&amp;PG:</source>
        <translation>PG사(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="68" />
        <source>&amp;Method:</source>
        <translation>결제수단(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="93" />
        <source>Reconciliation results</source>
        <translation>대사 결과</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="116" />
        <source>Working…</source>
        <translation>작업 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="122" />
        <source>Row details</source>
        <translation>행 상세</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="123" />
        <source>Select a row to see how it was reconciled.</source>
        <translation>행을 선택하면 어떻게 대사되었는지 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="124" />
        <source>Resolve exception</source>
        <translation>예외 해결</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="126" />
        <source>What was done (e.g. refunded by bank transfer)</source>
        <translation>처리 내용 (예: 계좌이체로 환불 완료)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="127" />
        <source>Resolution note</source>
        <translation>해결 메모</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="128" />
        <source>Mark &amp;resolved</source>
        <translation>해결 처리(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="129" />
        <source>&amp;Undo resolution</source>
        <translation>해결 취소(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="134" />
        <source>&amp;Note:</source>
        <translation>메모(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="234" />
        <source>All statuses</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="235" />
        <source>All PGs</source>
        <translation>모든 PG사</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="236" />
        <source>All methods</source>
        <translation>모든 결제수단</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="253" />
        <source>%1 rows</source>
        <translation>%1행</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="263" />
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="296" />
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="297" />
        <source>Resolved</source>
        <translation>해결됨</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="298" />
        <source>Order</source>
        <translation>주문</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="299" />
        <source>No order in the shop export for this payment.</source>
        <translation>이 결제에 해당하는 주문이 쇼핑몰 내보내기 파일에 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="300" />
        <source>Payments</source>
        <translation>결제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="301" />
        <source>No payment found at the PG for this order.</source>
        <translation>이 주문의 결제가 PG에 없습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="302" />
        <source>Cancel history</source>
        <translation>취소 내역</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="303" />
        <source>Fee calculation</source>
        <translation>수수료 계산</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/results_panel.py" line="304" />
        <source>No captured payment, so no fee.</source>
        <translation>승인된 결제가 없어 수수료가 없습니다.</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Ordered at</source>
        <translation>주문일시</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Refunded (shop)</source>
        <translation>환불액(쇼핑몰)</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>결제수단</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>구매자</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>갱신일시</translation>
    </message>
    <message>
        <source>Payment ID (imp_uid)</source>
        <translation>결제번호(imp_uid)</translation>
    </message>
    <message>
        <source>Order number (merchant_uid)</source>
        <translation>주문번호(merchant_uid)</translation>
    </message>
    <message>
        <source>PG</source>
        <translation>PG사</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소액</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>결제일시</translation>
    </message>
    <message>
        <source>Cancelled at</source>
        <translation>취소일시</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>카드사</translation>
    </message>
    <message>
        <source>Virtual account bank</source>
        <translation>가상계좌 은행</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>순번</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="33" />
        <source>Set up Recon</source>
        <translation>Recon 설정</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="37" />
        <source>Recon compares your shop's orders with the payments PortOne received and works out PG fees and the settlement to expect. Enter your store's PortOne REST API key, or try the demo store first.</source>
        <translation>Recon은 쇼핑몰 주문과 PortOne 결제 내역을 맞춰 보고 PG 수수료와 정산 예정액을 계산합니다. 상점의 PortOne REST API 키를 입력하거나, 먼저 데모 상점을 써 보세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="44" />
        <source>Store name</source>
        <translation>상점 이름</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="46" />
        <source>API server</source>
        <translation>API 서버</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="48" />
        <source>REST API key</source>
        <translation>REST API 키</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="51" />
        <source>REST API secret</source>
        <translation>REST API 시크릿</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="54" />
        <source>&amp;Store name:</source>
        <translation>상점 이름(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="55" />
        <source>REST API &amp;key:</source>
        <translation>REST API 키(&amp;K):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="56" />
        <source>REST API s&amp;ecret:</source>
        <translation>REST API 시크릿(&amp;E):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="57" />
        <source>API &amp;server:</source>
        <translation>API 서버(&amp;V):</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="63" />
        <source>The key and secret are saved in the operating system's keychain, never in files.</source>
        <translation>키와 시크릿은 운영체제 키체인에만 저장되고 파일에는 절대 저장되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="66" />
        <source>No OS keychain is available on this computer, so the key cannot be saved. Set PORTONE_IMP_KEY and PORTONE_IMP_SECRET instead, or try the demo store.</source>
        <translation>이 컴퓨터에는 OS 키체인이 없어 키를 저장할 수 없습니다. 대신 환경 변수 PORTONE_IMP_KEY 와 PORTONE_IMP_SECRET 을 지정하거나 데모 상점을 써 보세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="73" />
        <source>Connection test result</source>
        <translation>연결 확인 결과</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="75" />
        <source>&amp;Test connection</source>
        <translation>연결 확인(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="76" />
        <source>Try the &amp;demo store</source>
        <translation>데모 상점 써 보기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="77" />
        <source>Sa&amp;ve</source>
        <translation>저장(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="101" />
        <source>Enter a store name.</source>
        <translation>상점 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="104" />
        <source>Enter both the REST API key and the secret.</source>
        <translation>REST API 키와 시크릿을 모두 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="107" />
        <source>The API server must start with https://</source>
        <translation>API 서버 주소는 https:// 로 시작해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/setup_dialog.py" line="115" />
        <source>Testing…</source>
        <translation>확인 중…</translation>
    </message>
</context>
<context>
    <name>SyncPanel</name>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="61" />
        <source>&amp;Month</source>
        <translation>월 단위(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="62" />
        <source>Date &amp;range</source>
        <translation>기간 지정(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="70" />
        <source>Month to sync</source>
        <translation>동기화할 월</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="73" />
        <source>From date</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="73" />
        <source>To date</source>
        <translation>종료일</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="77" />
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="90" />
        <source>Stores to sync</source>
        <translation>동기화할 상점</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="92" />
        <source>Stores</source>
        <translation>상점</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="100" />
        <source>&amp;Sync payments</source>
        <translation>결제 동기화(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="102" />
        <source>&amp;Cancel</source>
        <translation>취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="109" />
        <source>Sync progress</source>
        <translation>동기화 진행률</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="119" />
        <source>Store</source>
        <translation>상점</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="119" />
        <source>Last sync</source>
        <translation>마지막 동기화</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="119" />
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="119" />
        <source>Payments seen</source>
        <translation>확인한 결제</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="124" />
        <source>Last sync per store</source>
        <translation>상점별 마지막 동기화</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="127" />
        <source>Sync report</source>
        <translation>동기화 보고서</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="128" />
        <source>The sync report appears here.</source>
        <translation>동기화 결과가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="134" />
        <source>Last sync per store:</source>
        <translation>상점별 마지막 동기화:</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="173" />
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="175" />
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="184" />
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="209" />
        <source>Tick at least one store to sync.</source>
        <translation>동기화할 상점을 하나 이상 선택하세요.</translation>
    </message>
    <message>
        <location filename="../../recon_app/gui/panels/sync_panel.py" line="212" />
        <source>The start date is after the end date.</source>
        <translation>시작일이 종료일보다 늦습니다.</translation>
    </message>
</context>
<context>
    <name>CashPanel</name>
    <message>
        <source>Received</source>
        <translation>입금 확인</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>덜 입금</translation>
    </message>
    <message>
        <source>Over</source>
        <translation>더 입금</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>입금 안 됨</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>입금 예정</translation>
    </message>
    <message>
        <source>Reconcile a month to see its PG payouts and deposits.</source>
        <translation>한 달을 대사하면 PG 지급 예정액과 은행 입금이 여기에 나옵니다.</translation>
    </message>
    <message>
        <source>Import bank statement…</source>
        <translation>은행 거래내역 가져오기…</translation>
    </message>
    <message>
        <source>CSV, XLSX or XLS from your bank's transaction history; or drop the file here</source>
        <translation>은행 거래내역 조회에서 내려받은 CSV·XLSX·XLS 파일 (여기에 끌어다 놓아도 됩니다)</translation>
    </message>
    <message>
        <source>password (KakaoBank, Toss Bank files)</source>
        <translation>암호 (카카오뱅크·토스뱅크 파일)</translation>
    </message>
    <message>
        <source>Bank file password</source>
        <translation>은행 파일 암호</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>월</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>화</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>수</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>목</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>금</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>토</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>일</translation>
    </message>
    <message>
        <source>Cash calendar</source>
        <translation>입금 달력</translation>
    </message>
    <message>
        <source>PG</source>
        <translation>PG사</translation>
    </message>
    <message>
        <source>Payout date</source>
        <translation>지급 예정일</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>지급 예정액</translation>
    </message>
    <message>
        <source>Deposited</source>
        <translation>입금액</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>차이(입금−예정)</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>근거</translation>
    </message>
    <message>
        <source>Payouts</source>
        <translation>지급 목록</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>결제번호</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>주문번호</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>구분</translation>
    </message>
    <message>
        <source>Sale date</source>
        <translation>매출일</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>금액</translation>
    </message>
    <message>
        <source>Payout amount</source>
        <translation>지급액</translation>
    </message>
    <message>
        <source>Payments of the payout</source>
        <translation>지급에 포함된 결제</translation>
    </message>
    <message>
        <source>Bank statement</source>
        <translation>은행 거래내역</translation>
    </message>
    <message>
        <source>Bank statements (*.csv *.xlsx *.xls *.txt);;All files (*)</source>
        <translation>은행 거래내역 (*.csv *.xlsx *.xls *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 가져오는 중…</translation>
    </message>
    <message>
        <source>%1, store %2: expected %3 won, received %4 won; %5 missing, %6 with another amount (as of %7).</source>
        <translation>%1, 상점 %2: 지급 예정 %3원, 입금 확인 %4원; 입금 안 됨 %5건, 금액 다름 %6건 (기준일 %7).</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>예정 %1</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>입금 %1</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>주말</translation>
    </message>
    <message>
        <source>PG settlement</source>
        <translation>PG 정산내역</translation>
    </message>
    <message>
        <source>Payout rule forecast</source>
        <translation>지급 규칙 예측</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>승인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Deposit: %1, %2 won, “%3” (%4)</source>
        <translation>입금: %1, %2원, “%3” (%4)</translation>
    </message>
    <message>
        <source>No deposit matched this payout.</source>
        <translation>이 지급에 맞는 입금이 없습니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Cash calendar</source>
        <translation>입금 달력(&amp;C)</translation>
    </message>
    <message>
        <source>Matching payouts of %1</source>
        <translation>%1 입금 대사 중</translation>
    </message>
</context>
<context>
    <name>SendersDialog</name>
    <message>
        <source>PG sender names</source>
        <translation>PG 입금자명</translation>
    </message>
    <message>
        <source>Store %1: the names each PG's payouts show in the bank statement, comma-separated. Spaces, (주)/㈜ and case are ignored; empty a row to use the built-in names.</source>
        <translation>상점 %1: 은행 거래내역에 PG 지급이 찍히는 이름(쉼표로 구분). 공백·(주)/㈜·대소문자는 무시합니다. 칸을 비우면 기본 이름으로 돌아갑니다.</translation>
    </message>
    <message>
        <source>PG</source>
        <translation>PG사</translation>
    </message>
    <message>
        <source>Sender names</source>
        <translation>입금자명</translation>
    </message>
</context>
<context>
    <name>CashPanel</name>
    <message>
        <source>PG sender names…</source>
        <translation>PG 입금자명…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Saving PG sender names</source>
        <translation>PG 입금자명 저장 중</translation>
    </message>
</context>
<context>
    <name>BankPreviewDialog</name>
    <message>
        <source>Bank statement: %1</source>
        <translation>은행 거래내역: %1</translation>
    </message>
    <message>
        <source>date/time</source>
        <translation>거래일시</translation>
    </message>
    <message>
        <source>time</source>
        <translation>거래시간</translation>
    </message>
    <message>
        <source>deposit</source>
        <translation>입금</translation>
    </message>
    <message>
        <source>withdrawal</source>
        <translation>출금</translation>
    </message>
    <message>
        <source>signed amount</source>
        <translation>거래금액(부호)</translation>
    </message>
    <message>
        <source>balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <source>text</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>%1 — header on row %2. %3 transactions from %4 to %5; %6 deposits, %7 won.
Columns read: %8</source>
        <translation>%1 — 머리글 %2행. 거래 %3건 (%4 ~ %5); 입금 %6건, %7원.
읽은 열: %8</translation>
    </message>
    <message>
        <source>bank not named in the file</source>
        <translation>파일에 은행 이름 없음</translation>
    </message>
    <message>
        <source>Date/time</source>
        <translation>거래일시</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>입금</translation>
    </message>
    <message>
        <source>Withdrawal</source>
        <translation>출금</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>잔액</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>내용</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
</context>
</TS>